using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Leads;

/// <summary>One lead's current state (or as of a past time), with its version as the ETag.</summary>
public static class GetLeadEndpoint
{
    public static void MapGetLead(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/leads/{id:guid}", Handle).WithName("GetLead");

    private static async Task<IResult> Handle(Guid id, DateTimeOffset? asOf, HttpContext http, IDocumentStore store, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var lead = await RecordLookup.FindVisibleAsync<Lead>(store, access, id, ct);
        if (lead is null) return AccessProblems.NotFound("lead");
        if (asOf is { } then)
        {
            lead = await RecordReads.AsOfAsync(store, lead, then, LeadProjection.Fold, ct);
            if (lead is null) return AccessProblems.NotFound("lead");
        }

        ETags.Write(http, lead.Version);
        await using var session = store.QuerySession(lead.Branch);
        var followUp = await FollowUp.ForAsync(store, session, [lead.Id], time, ct);
        return Results.Ok(LeadResponse.From(lead, followUp(lead.Id, lead.CapturedAt, lead.Status == LeadStatus.Open)));
    }
}
