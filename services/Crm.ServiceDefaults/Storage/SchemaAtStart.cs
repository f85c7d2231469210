using Crm.ServiceDefaults.Messaging;
using JasperFx;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceDefaults.Storage;

/// <summary>SQL objects of a service's own beyond Marten's (tables, functions, triggers), created when it starts.</summary>
public interface IServiceSchema
{
    Task CreateAsync(IDocumentStore store, CancellationToken ct);
}

/// <summary>
/// Creates every table, function and trigger a service uses when it starts, before its async daemon,
/// its consumers and its first request: none is created lazily on a request or message path, where two
/// first users would race. Marten's own objects only where the schema is created automatically (local
/// runs and tests); production applies the generated patch instead. Waits for a database not reachable yet.
/// </summary>
internal sealed class SchemaAtStart(IDocumentStore store, IEnumerable<IServiceSchema> extras, ILogger<SchemaAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var pause = TimeSpan.FromMilliseconds(250); ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(10).Ticks)))
        {
            try
            {
                if (((StoreOptions)store.Options).AutoCreateSchemaObjects != AutoCreate.None)
                    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                foreach (var extra in extras) await extra.CreateAsync(store, cancellationToken);
                return;
            }
            catch (Exception ex) when (TransientFaults.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The database cannot be reached to create the schema; trying again in {Pause}", pause);
                await Task.Delay(pause, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
