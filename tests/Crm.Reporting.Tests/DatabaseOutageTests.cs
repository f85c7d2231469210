using System.Text.Json;
using Crm.Reporting.Orders;
using Crm.Reporting.Orders.Attribution;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crm.Reporting.Tests;

/// <summary>A database that refuses connections for a while pauses recording; nothing goes to the error queue.</summary>
public class DatabaseOutageTests(ReportingService service) : IClassFixture<ReportingService>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task Events_published_while_reportings_database_refuses_connections_are_all_recorded_once_it_is_back()
    {
        var branch = SourceEvents.ABranch();
        var customers = Enumerable.Range(0, 40).Select(_ => Guid.CreateVersion7()).ToArray();
        var orders = Enumerable.Range(0, 80).Select(_ => Guid.CreateVersion7()).ToArray();
        var events = new List<(string, object, IDictionary<string, string>)>();
        var position = 9_000L;
        void Add(string key, Guid subject, object body) =>
            events.Add((key, body, ReportingService.Headers(key, Guid.CreateVersion7(), subject, branch, ++position)));
        foreach (var id in customers)
            Add("customers.customer-registered", id, new { customerId = id, branch, name = $"Outage {id:N}", category = "outage", ownerId = (Guid?)null, registeredAt = DateTimeOffset.UtcNow });
        for (var i = 0; i < orders.Length; i++)
            Add("sales.order-signed", orders[i], OrderEvents.SignedWithoutLines(orders[i], branch, customers[i % customers.Length], 100m));

        var database = new NpgsqlConnectionStringBuilder(service.Factory.DatabaseConnectionString).Database!;
        var infrastructure = await TestInfrastructure.GetAsync();
        await infrastructure.RefuseConnectionsAsync(database, refuse: true);
        try
        {
            await EventSubscriber.PublishManyAsync(service.RabbitMq, events);
            await Task.Delay(Outage); // the outage itself: consumers meet it and keep retrying
        }
        finally
        {
            await infrastructure.RefuseConnectionsAsync(database, refuse: false);
        }

        var store = service.Factory.Services.GetRequiredService<IDocumentStore>();
        var schema = store.Options.DatabaseSchemaName;
        async Task<long> Count(string sql, object parameter)
        {
            await using var session = store.QuerySession();
            return (await session.AdvancedSql.QueryAsync<long>(sql, CancellationToken.None, parameter)).Single();
        }
        var stored = await Eventually.Get(() => Count($"select count(*) from {schema}.mt_events where stream_id = any(?)", customers.Concat(orders).ToArray()),
            n => n == events.Count, within: TimeSpan.FromMinutes(1), what: "every event recorded after the outage");
        Assert.Equal(events.Count, stored);
        Assert.Equal(orders.Length, await Count($"select count(*) from {schema}.{AttributionTables.Table} where branch = ?", branch));

        var management = new RabbitManagement(infrastructure.RabbitMqManagementUri);
        var vhost = RabbitManagement.VirtualHostOf(service.RabbitMq);
        Assert.False(await management.QueueExistsAsync(vhost, "reporting.events_error")
            && (await management.GetJsonAsync($"api/queues/{Uri.EscapeDataString(vhost)}/reporting.events_error")).GetProperty("messages").GetInt64() > 0,
            "nothing went to the error queue");
    }
}
