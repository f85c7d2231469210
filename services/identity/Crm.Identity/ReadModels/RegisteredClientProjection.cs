using Crm.Identity.Domain;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;

namespace Crm.Identity.ReadModels;

/// <summary>Registered integration clients, looked up by client id at every client_credentials request.</summary>
public sealed class RegisteredClientProjection : SingleStreamProjection<RegisteredClient, Guid>
{
    public override RegisteredClient? Evolve(RegisteredClient? snapshot, Guid id, IEvent e) => e.Data switch
    {
        ClientRegistered r => new RegisteredClient(r.Id, r.ClientId, r.Scopes, r.SecretHash, r.RegisteredAt) { Version = e.Version },
        _ => snapshot,
    };

    public static void Register(StoreOptions opts)
    {
        opts.Events.AddEventType<ClientRegistered>();
        opts.Projections.Add<RegisteredClientProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<RegisteredClient>()
            .MultiTenanted()
            .UniqueIndex(UniqueIndexType.Computed, "ux_registered_client_id", TenancyScope.Global, x => x.ClientId);
    }
}
