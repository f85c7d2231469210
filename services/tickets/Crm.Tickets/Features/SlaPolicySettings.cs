using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Crm.Tickets.Domain;
using Marten;

namespace Crm.Tickets.Features;

/// <summary>
/// <c>GET,PUT /api/tickets/sla-policies</c>: a branch's response and resolution targets for every
/// priority and customer grade. Branch staff read their branch's; its head changes them; group
/// executives read and change any branch's (<c>?branch=</c>). New targets apply to tickets opened afterwards.
/// </summary>
public static class SlaPolicySettingsEndpoints
{
    public sealed record PolicyInput(TicketPriority? Priority, CustomerGrade? Grade, int? ResponseMinutes, int? ResolutionMinutes);

    public sealed record Request(IReadOnlyList<PolicyInput>? Policies);

    public sealed record Response(string Branch, IReadOnlyList<SlaPolicy> Policies);

    private const int MaxMinutes = 60 * 24 * 365;

    public static void MapSlaPolicySettings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tickets/sla-policies", Get).WithName("GetSlaPolicies");
        app.MapPut("/api/tickets/sla-policies", Put).WithName("ChangeSlaPolicies");
    }

    public static async Task<SlaPolicies> PoliciesAsync(IDocumentStore store, string branch, CancellationToken ct)
    {
        await using var session = store.QuerySession(branch);
        return await session.LoadAsync<SlaPolicies>(SlaPolicies.DocumentId, ct) ?? SlaPolicies.Default;
    }

    private static async Task<IResult> Get(HttpContext http, IDocumentStore store, CancellationToken ct, string? branch = null)
    {
        var access = TicketAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var (scope, problem) = BranchOf(access.Caller, branch);
        if (problem is not null) return problem;
        return Results.Ok(new Response(scope!, (await PoliciesAsync(store, scope!, ct)).Policies));
    }

    private static async Task<IResult> Put(Request request, HttpContext http, CrmSessions sessions, CancellationToken ct, string? branch = null)
    {
        var caller = Caller.From(http.User);
        if (caller.Role is not (Roles.GroupExecutive or Roles.BranchHead))
            return AccessProblems.Forbidden("A branch's service targets are set by its head or by group executives.");
        var (scope, problem) = BranchOf(caller, branch);
        if (problem is not null) return problem;

        var errors = new ValidationErrors();
        var policies = request.Policies ?? [];
        for (var i = 0; i < policies.Count; i++)
        {
            var p = policies[i];
            if (p.Priority is null) errors.Add($"policies[{i}].priority", "'priority' is one of low, normal, high, urgent.");
            if (p.Grade is null) errors.Add($"policies[{i}].grade", "'grade' is one of vip, key, normal.");
            if (p.ResponseMinutes is not (>= 1 and <= MaxMinutes)) errors.Add($"policies[{i}].responseMinutes", $"'responseMinutes' is from 1 to {MaxMinutes}.");
            if (p.ResolutionMinutes is not (>= 1 and <= MaxMinutes)) errors.Add($"policies[{i}].resolutionMinutes", $"'resolutionMinutes' is from 1 to {MaxMinutes}.");
            else if (p.ResponseMinutes > p.ResolutionMinutes) errors.Add($"policies[{i}].resolutionMinutes", "A ticket cannot be resolved before it is answered: resolution takes at least as long as response.");
            if (policies.Take(i).Any(q => q.Priority == p.Priority && q.Grade == p.Grade))
                errors.Add($"policies[{i}]", "This priority and grade are listed twice.");
        }
        var missing = from priority in Enum.GetValues<TicketPriority>()
                      from grade in Enum.GetValues<CustomerGrade>()
                      where !policies.Any(p => p.Priority == priority && p.Grade == grade)
                      select $"{Word(priority)}/{Word(grade)}";
        foreach (var gap in missing) errors.Add("policies", $"No targets for {gap}: list every priority and grade.");
        if (errors.Any) return errors.ToProblem();

        var configured = new SlaPolicies(SlaPolicies.DocumentId,
            [.. policies.Select(p => new SlaPolicy(p.Priority!.Value, p.Grade!.Value, p.ResponseMinutes!.Value, p.ResolutionMinutes!.Value))
                .OrderByDescending(p => p.Priority).ThenBy(p => p.Grade)]);
        await using var session = sessions.ForBranch(scope!);
        session.Store(configured);
        await session.SaveChangesAsync(ct);
        return Results.Ok(new Response(scope!, configured.Policies));
    }

    /// <summary>Branch staff act on their own branch; group roles name one.</summary>
    private static (string? Branch, IResult? Problem) BranchOf(Caller caller, string? requested)
    {
        if (caller.IsGroupLevel)
            return string.IsNullOrWhiteSpace(requested) || !BranchScope.IsBranch(requested) || requested.Length > 32
                || !requested.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
                ? (null, new ValidationErrors().Add("branch", "'branch' is the code of the branch whose targets these are.").ToProblem())
                : (requested, null);
        if (requested is not null && requested != caller.Branch)
            return (null, AccessProblems.Forbidden("Branch staff see and set their own branch's targets only."));
        return caller.Branch is null ? (null, AccessProblems.Forbidden("Your account belongs to no branch.")) : (caller.Branch, null);
    }

    private static string Word<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
