using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Leads;

/// <summary>The lead will not become business; the reason is kept for the conversion analysis.</summary>
public static class DisqualifyLeadEndpoint
{
    public sealed record Request(string? Reason);

    public static void MapDisqualifyLead(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/leads/{id:guid}/disqualify", Handle).WithName("DisqualifyLead");

    private static async Task<IResult> Handle(Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var lead = await RecordLookup.FindVisibleAsync<Lead>(store, access, id, ct);
        if (lead is null) return AccessProblems.NotFound("lead");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);
        var errors = new ValidationErrors().RequireText("reason", request.Reason, 1000);
        if (errors.Any) return errors.ToProblem();

        return await RecordCommand.DecideAsync(http, sessions, lead,
            l => LeadDecider.Disqualify(l, new DisqualifyLead(request.Reason!, time.GetUtcNow())), LeadProjection.Fold, l => LeadResponse.From(l), ct);
    }
}
