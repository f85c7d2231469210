using Crm.Customers.Domain;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>Archives a customer the branch no longer serves, and restores it; both keep everything.</summary>
public static class ArchiveCustomerEndpoint
{
    public static void MapArchiveCustomer(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/customers/{id:guid}/archive", Archive).WithName("ArchiveCustomer").ChangesCustomer("Archives an active customer");
        app.MapPost("/api/customers/{id:guid}/restore", Restore).WithName("RestoreCustomer").ChangesCustomer("Restores an archived customer");
    }

    private static Task<IResult> Archive(Guid id, HttpContext http, CrmSessions sessions, IDocumentStore store, TimeProvider time, CancellationToken ct) =>
        CustomerCommand.RunAsync(http, store, sessions, id, CustomerAccess.MayManage,
            "Only the branch head or head office archives customers.", c => CustomerDecider.Archive(c, time.GetUtcNow()), ct);

    private static Task<IResult> Restore(Guid id, HttpContext http, CrmSessions sessions, IDocumentStore store, TimeProvider time, CancellationToken ct) =>
        CustomerCommand.RunAsync(http, store, sessions, id, CustomerAccess.MayManage,
            "Only the branch head or head office restores customers.", c => CustomerDecider.Restore(c, time.GetUtcNow()), ct);
}
