using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Customers.Features;

/// <summary>"Is this customer already in our archive?" before registering one: within the caller's branch.</summary>
public static class FindDuplicatesEndpoint
{
    public static void MapFindDuplicates(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/customers/duplicates", Handle).WithName("FindDuplicateCustomers")
            .Reads<CustomerOpenApi.Duplicates>("Customers with the same normalised name, tax id, phone or email", byId: false);

    private static async Task<IResult> Handle(string? name, string? phone, string? taxId, string? email, string? branch,
        HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!CustomerAccess.MayRead(caller))
            return AccessProblems.Forbidden("System administrators manage configuration, not business records.");

        // Duplicates are a branch matter: branch staff search their branch (reps too, so they do not
        // enter a colleague's customer twice); group roles search everywhere or the branch they name.
        var scope = caller.IsGroupLevel ? branch : caller.Branch;
        var items = await DuplicateSearch.FindAsync(store, scope, name, taxId,
            phone is null ? [] : [phone], email is null ? [] : [email], ct);
        return Results.Ok(new CustomerOpenApi.Duplicates(items));
    }
}
