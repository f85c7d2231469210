using Crm.Sales.Domain;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Sales.Features.Leads;

/// <summary>Every change to a lead, who made it and when.</summary>
public static class LeadHistoryEndpoint
{
    public static void MapLeadHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/leads/{id:guid}/history", Handle).WithName("LeadHistory");

    private static async Task<IResult> Handle(Guid id, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var lead = await RecordLookup.FindVisibleAsync<Lead>(store, access, id, ct);
        return lead is null ? AccessProblems.NotFound("lead") : await RecordReads.HistoryAsync(store, lead, ct);
    }
}
