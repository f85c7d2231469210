using System.Collections.Immutable;
using System.Security.Claims;
using Crm.Identity.Domain;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults.Security;
using Marten;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Crm.Identity.Features;

// POST /connect/token. OpenIddict has already parsed and validated the request (and the client,
// see ValidateTokenClient); this endpoint decides who the caller is and what the token says.
public static class IssueToken
{
    public static IEndpointRouteBuilder MapIssueToken(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + TokenServer.TokenEndpoint, Handle).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> Handle(HttpContext http, IDocumentStore store, StaffPasswords passwords,
        ClientDirectory clients, TimeProvider clock, ILoggerFactory loggers)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        var log = loggers.CreateLogger(typeof(IssueToken));
        await using var session = store.QuerySession();

        if (request.IsPasswordGrantType())
            return await PasswordSignIn.HandleAsync(http, request, store, passwords, clock, log);

        if (request.IsRefreshTokenGrantType())
        {
            var refreshed = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = refreshed.Principal?.GetClaim(Claims.Subject);
            // Claims are rebuilt from the current account, so a role or branch change applies at the next refresh.
            var account = Guid.TryParse(subject, out var staffId)
                ? await session.LoadAsync<StaffAccount>(staffId, http.RequestAborted)
                : null;
            if (account is null)
                return Refuse(Errors.InvalidGrant, "The session is no longer valid.");
            // A frozen or departed account's session ends at its next refresh at the latest.
            if (!account.MaySignIn)
                return Refuse(Errors.InvalidGrant, PasswordSignIn.NotActive(account));
            return SignIn(ForStaff(account, refreshed.Principal!.GetScopes()));
        }

        if (request.IsClientCredentialsGrantType())
        {
            var client = await clients.FindAsync(request.ClientId!, http.RequestAborted)
                ?? throw new InvalidOperationException("ValidateTokenClient lets only known clients through.");
            var requested = request.GetScopes();
            return SignIn(ForClient(client, requested.IsDefaultOrEmpty ? [.. client.Scopes] : requested));
        }

        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    internal static ClaimsPrincipal ForStaff(StaffAccount account, ImmutableArray<string> scopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Caller.SubjectClaim, account.Id.ToString())
            .SetClaim(Caller.NameClaim, account.Name)
            .SetClaim(Claims.PreferredUsername, account.Username)
            .SetClaim(Caller.RoleClaim, account.Role)
            .SetClaim(Caller.BranchClaim, account.Branch);   // a null branch (group roles) adds no claim
        return Finish(identity, scopes);
    }

    private static ClaimsPrincipal ForClient(IntegrationClient client, ImmutableArray<string> scopes)
    {
        var identity = NewIdentity();
        identity.SetClaim(Caller.SubjectClaim, client.ClientId)
            .SetClaim(Caller.NameClaim, client.ClientId)
            .SetClaim(Caller.RoleClaim, IntegrationScopes.IsHousekeepingOnly(client.Scopes) ? Roles.Service : Roles.Integration);
        return Finish(identity, scopes);
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Caller.NameClaim, Caller.RoleClaim);

    private static ClaimsPrincipal Finish(ClaimsIdentity identity, ImmutableArray<string> scopes)
    {
        identity.SetScopes(scopes);
        identity.SetResources(TokenServer.Audience);
        // Without destinations OpenIddict leaves every claim but sub out of the access token.
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    internal static IResult SignIn(ClaimsPrincipal principal) =>
        Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    internal static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
