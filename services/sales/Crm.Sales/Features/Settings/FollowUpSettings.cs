using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Settings;

/// <summary><c>GET,PUT /api/settings/follow-up</c>: how many days an open lead or opportunity may go without a completed activity.</summary>
public static class FollowUpSettingsEndpoints
{
    public sealed record Body(int? Days);

    public static void MapFollowUpSettings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/settings/follow-up", Get).WithName("GetFollowUpSettings");
        app.MapPut("/api/settings/follow-up", Put).WithName("ChangeFollowUpSettings");
    }

    public static async Task<FollowUpRule> RuleAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<FollowUpRule>(FollowUpRule.DocumentId, ct) ?? FollowUpRule.Default;
    }

    private static async Task<IResult> Get(HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (Caller.From(http.User).Role == Roles.ServiceAgent) return AccessProblems.Forbidden("Service agents work tickets; the sales pipeline is not theirs.");
        return Results.Ok(new Body((await RuleAsync(store, ct)).Days));
    }

    private static async Task<IResult> Put(Body body, HttpContext http, CrmSessions sessions, CancellationToken ct)
    {
        if (Caller.From(http.User).Role is not (Roles.GroupExecutive or Roles.SystemAdmin))
            return AccessProblems.Forbidden("The follow-up rule is group configuration: group executives and system administrators set it.");
        if (body.Days is not (>= 1 and <= 365))
            return new ValidationErrors().Add("days", "'days' is a whole number of days from 1 to 365.").ToProblem();

        await using var session = sessions.Unscoped();
        session.Store(FollowUpRule.Default with { Days = body.Days.Value });
        await session.SaveChangesAsync(ct);
        return Results.Ok(body);
    }
}
