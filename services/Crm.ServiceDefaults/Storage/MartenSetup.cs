using Crm.ServiceDefaults.Messaging;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.MultiTenancy;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Weasel.Core;

namespace Crm.ServiceDefaults.Storage;

internal static class MartenSetup
{
    /// <summary>
    /// Each service owns a database of its own on the shared server (<c>crm_{service}</c> unless
    /// <c>Crm:Database</c> names another, as each test class does).
    /// </summary>
    /// <remarks>
    /// PostgreSQL's JIT compilation is off for the services' sessions (unless the connection string sets
    /// its own <c>Options</c>): it pays off only for scans long enough to amortise compiling, and a report
    /// query over a few thousand index entries whose cost the planner overestimates spent 4.08 of its
    /// 4.19 s compiling (the monthly report, 100,000 customers).
    /// <para>A pooled connection is handed back without <c>DISCARD ALL</c> (<c>No Reset On Close</c>): the reset threw away
    /// the session's cached plans, so every transaction planned the report triggers' statements again (a recording's
    /// order upsert took 20-50 ms, nearly all of it that). The services keep no session state between uses: locks and
    /// settings are the transaction's, and the one session lock (the SLA watch's lead) is let go explicitly. A burst
    /// of 3,000 events was recorded at 101-112 events/s with it, 76-91 without.</para>
    /// </remarks>
    public static string DatabaseConnectionString(IConfiguration configuration, ServiceIdentity service)
    {
        var server = configuration.GetConnectionString("Postgres")
            ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=crm";
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = configuration["Crm:Database"] ?? $"crm_{service.Name}" };
        if (string.IsNullOrEmpty(connection.Options)) connection.Options = "-c jit=off";
        connection.NoResetOnClose = true;
        return connection.ConnectionString;
    }

    public static void AddCrmMarten(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        ServiceIdentity service, Action<StoreOptions>? configure)
    {
        var connectionString = DatabaseConnectionString(configuration, service);
        var autoCreate = configuration.GetValue("Crm:AutoCreateSchema", !environment.IsProduction());

        if (autoCreate)
            services.AddHostedService(sp => new ServiceDatabase(connectionString, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ServiceDatabase>>()));
        // Before the async daemon's hosted service (added below), which would otherwise race it creating the same objects.
        services.AddHostedService<SchemaAtStart>();

        services.AddMarten(opts =>
            {
                opts.Connection(connectionString);
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                opts.AutoCreateSchemaObjects = autoCreate ? AutoCreate.CreateOrUpdate : AutoCreate.None;

                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                opts.Events.TenancyStyle = TenancyStyle.Conjoined;     // branch = tenant
                opts.Events.MetadataConfig.EnableAll();                // correlation, causation, headers
                opts.Events.MetadataConfig.UserNameEnabled = true;     // who did it: the caller's sub
                opts.Events.UseIdentityMapForAggregates = true;
                opts.Events.AppendMode = EventAppendMode.Quick;

                // Never skip an event silently: a projection or subscription that cannot apply one
                // stops and says why, rather than drifting from the event store.
                foreach (var errors in new[] { opts.Projections.Errors, opts.Projections.RebuildErrors })
                {
                    errors.SkipApplyErrors = false;
                    errors.SkipSerializationErrors = false;
                    errors.SkipUnknownEvents = false;
                }

                opts.Schema.For<InboxEntry>().Identity(x => x.Id);
                configure?.Invoke(opts);
            })
            .UseLightweightSessions()
            .AddSubscriptionWithServices<IntegrationEventPublisher>(ServiceLifetime.Singleton, o =>
            {
                o.Name = IntegrationEventPublisher.SubscriptionName;
                o.Options.BatchSize = 500;
            })
            .AddAsyncDaemon(DaemonMode.HotCold);

        services.AddScoped<CrmSessions>();
    }
}
