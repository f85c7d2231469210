using System.Globalization;
using Crm.Identity.Domain;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Crm.Identity.Features;

/// <summary>
/// grant_type=password. Only an active account with the right password signs in; repeated
/// failures lock the account for a while; every successful sign-in is recorded on the staff stream
/// (management watches who has not signed in for two weeks).
/// </summary>
internal static class PasswordSignIn
{
    private const string WrongCredentials = "The username or password is incorrect.";

    public static async Task<IResult> HandleAsync(HttpContext http, OpenIddictRequest request, IDocumentStore store,
        StaffPasswords passwords, TimeProvider clock, ILogger log)
    {
        var ct = http.RequestAborted;
        var username = Staff.NormalizeUsername(request.Username ?? "");
        var password = request.Password ?? "";
        await using var session = store.LightweightSession(BranchScope.NoBranch);
        var account = await session.Query<StaffAccount>().FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is null)
        {
            passwords.VerifyAgainstDecoy(password);
            log.LogInformation("Sign-in refused for unknown username {Username}", username);
            return IssueToken.Refuse(Errors.InvalidGrant, WrongCredentials);
        }

        session.LastModifiedBy = account.Id.ToString();
        session.CorrelationId = CorrelationId.Of(http);
        var now = clock.GetUtcNow();
        var failures = await session.LoadAsync<SignInFailures>(account.Id, ct);
        if (failures?.IsLocked(now) == true)
        {
            passwords.VerifyAgainstDecoy(password);
            log.LogInformation("Sign-in refused for {StaffId}: locked until {LockedUntil}", account.Id, failures.LockedUntil);
            return Locked(failures);
        }

        if (!passwords.Verify(account.PasswordHash, password))
        {
            var after = SignInFailures.After(failures, account.Id, now);
            session.Store(after);
            await session.SaveChangesAsync(ct);
            log.LogInformation("Sign-in refused for {StaffId}: wrong password ({Count} recent failures)", account.Id, after.Count);
            return after.IsLocked(now) ? Locked(after) : IssueToken.Refuse(Errors.InvalidGrant, WrongCredentials);
        }

        // The password is right, so saying why the account may not sign in tells nothing to a guesser.
        if (!account.MaySignIn)
        {
            log.LogInformation("Sign-in refused for {StaffId}: account {Status}", account.Id, account.Status);
            return IssueToken.Refuse(Errors.InvalidGrant, NotActive(account));
        }

        if (failures is not null) session.Delete<SignInFailures>(account.Id);
        var stream = await session.Events.FetchForWriting<Staff>(account.Id, ct);
        try
        {
            stream.AppendMany(Staff.Decide(stream.Aggregate, new RecordSignIn(now)));
        }
        catch (StaffRefusedException refused)
        {
            return IssueToken.Refuse(Errors.InvalidGrant, refused.Message);   // frozen or departed a moment ago
        }
        await session.SaveChangesAsync(ct);
        return IssueToken.SignIn(IssueToken.ForStaff(account, [Scopes.OfflineAccess]));
    }

    public static string NotActive(StaffAccount account) => account.Status == StaffStatus.Left
        ? "This account is closed: its owner has left."
        : "This account is frozen: ask a branch or system administrator.";

    private static IResult Locked(SignInFailures failures) =>
        IssueToken.Refuse(Errors.InvalidGrant,
            $"The account is locked after {SignInFailures.MaxFailures} failed sign-ins; try again after " +
            $"{failures.LockedUntil!.Value.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC.");
}
