using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>The products a deal lists come from sales' own catalogue, as an order's lines do.</summary>
public static class ProductCatalogue
{
    /// <summary>Adds an error on <paramref name="field"/> naming every listed product the catalogue does not have.</summary>
    public static async Task CheckAsync(IDocumentStore store, IReadOnlyList<Guid>? products, ValidationErrors errors, string field, CancellationToken ct)
    {
        var ids = products?.Where(id => id != Guid.Empty).Distinct().ToList() ?? [];
        if (ids.Count is 0 or > OpportunityInput.MaxProducts) return; // nothing to look up, or already refused for its length
        await using var session = store.QuerySession();
        var known = (await session.LoadManyAsync<Product>(ct, ids)).Select(p => p.Id).ToHashSet();
        var unknown = ids.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
            errors.Add(field, $"'{field}' names {(unknown.Count == 1 ? "a product" : "products")} the catalogue does not have: {string.Join(", ", unknown)}.");
    }
}
