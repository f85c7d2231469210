using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Testing;

namespace Crm.Reporting.Tests;

/// <summary>`./deploy/crm events redrive` puts parked events back on the service's queue; doing it twice changes nothing.</summary>
public class RedriveTests(ReportingService service) : IClassFixture<ReportingService>
{
    private const string ErrorQueue = "reporting.events_error";

    [Fact]
    public async Task Redriving_the_error_queue_records_its_events_once_even_when_run_twice()
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        var management = new RabbitManagement(infrastructure.RabbitMqManagementUri);
        var vhost = RabbitManagement.VirtualHostOf(service.RabbitMq);
        // A poison event makes MassTransit create the error queue, as it would in production.
        await service.PublishUnreadableCustomerAsync(Guid.CreateVersion7());
        await Eventually.Get(() => management.QueueExistsAsync(vhost, ErrorQueue), exists => exists, what: "the error queue");
        // Events parked during an outage of an earlier version: well-formed, waiting to be re-driven.
        var category = $"redriven-{Guid.NewGuid():N}";
        var customers = Enumerable.Range(0, 3).Select(_ => Guid.CreateVersion7()).ToArray();
        foreach (var (id, i) in customers.Select((id, i) => (id, i)))
            await EventSubscriber.PutInQueueAsync(service.RabbitMq, ErrorQueue,
                new { customerId = id, branch = "north", name = $"Parked {id:N}", category, ownerId = (Guid?)null, registeredAt = DateTimeOffset.UtcNow },
                ReportingService.Headers("customers.customer-registered", Guid.CreateVersion7(), id, "north", 70_000 + i));

        var first = await RunAsync(vhost, "redrive", ErrorQueue);
        Assert.Contains($"to reporting.events", first, StringComparison.Ordinal);
        var exec = service.ClientAs("group-executive");
        async Task<int> Counted() => (await exec.GetFromJsonAsync<JsonElement>("/api/reports/customer-mix")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("category").GetString() == category).Sum(i => i.GetProperty("customers").GetInt32());
        await Eventually.Get(Counted, n => n == customers.Length, what: "the re-driven customers in the customer mix");
        // The poison one failed again and is parked again, with its reason; the listing says so.
        var listed = await Eventually.Get(() => RunAsync(vhost, "list"), text => text.Contains($"{ErrorQueue}: 1 message", StringComparison.Ordinal),
            what: "the poison event parked again");
        Assert.Contains("crm.customers.customer-registered.v1", listed, StringComparison.Ordinal);

        await RunAsync(vhost, "redrive", ErrorQueue);
        await Eventually.Get(() => RunAsync(vhost, "list"), text => text.Contains($"{ErrorQueue}: 1 message", StringComparison.Ordinal), what: "the poison event parked once more");
        Assert.Equal(customers.Length, await Counted());
    }

    private static async Task<string> RunAsync(string vhost, params string[] args)
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        var script = Path.Combine(RepositoryRoot(), "deploy", "events.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, infrastructure.RabbitMqManagementUri.ToString() }.Concat(args)) start.ArgumentList.Add(a);
        start.Environment["CRM_VHOST"] = vhost;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"events.py {string.Join(' ', args)} exited {process.ExitCode}: {error}");
        return output;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Crm.sln"))) return dir.FullName;
        throw new InvalidOperationException("Crm.sln not found above the test binaries.");
    }
}
