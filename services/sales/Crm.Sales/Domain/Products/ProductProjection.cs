using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Crm.Sales.Domain;

/// <summary>Keeps the catalogue as documents in the same transaction as the events, so a new product can be ordered at once.</summary>
public sealed class ProductProjection : SingleStreamProjection<Product, Guid>
{
    public override Product? Evolve(Product? snapshot, Guid id, IEvent e) => Fold(snapshot, e.Data, e.Version);

    public static Product? Fold(Product? state, object data, long version) =>
        ProductDecider.Evolve(state, data) is { } next ? next with { Version = version } : state;
}
