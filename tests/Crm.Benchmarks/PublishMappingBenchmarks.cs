using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Crm.Customers.Integration;
using Crm.ServiceDefaults.Messaging;
using JasperFx.Events;
using MassTransit.Serialization;
using Domain = Crm.Customers.Domain;

namespace Crm.Benchmarks;

/// <summary>
/// What IntegrationEventPublisher does per stored event before the broker sees it: map the private
/// event to its public contract, look up the routing key and CloudEvents type, and serialise the
/// raw JSON body with MassTransit's System.Text.Json options (camelCase, and indented: MassTransit's
/// default), as UseRawJsonSerializer does.
/// </summary>
[MemoryDiagnoser]
public class PublishMappingBenchmarks
{
    private readonly CustomerEventMapper _mapper = new();
    private readonly JsonSerializerOptions _options = SystemTextJsonMessageSerializer.Options;
    private JsonSerializerOptions _compact = null!;
    private IEvent _stored = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
        var registered = new Domain.CustomerRegistered(Guid.CreateVersion7(now), "north", "Hengda Electrical", "regional-electrical-store", Guid.CreateVersion7(now), now);
        _stored = new Event<Domain.CustomerRegistered>(registered)
        {
            Id = Guid.CreateVersion7(now), Sequence = 4711, Version = 1, StreamId = registered.CustomerId, TenantId = "north", Timestamp = now,
        };
        _compact = new JsonSerializerOptions(_options) { WriteIndented = false };
        foreach (var body in new[] { Publish(), SerialiseCompact() })
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("customerId", out _))
                throw new InvalidOperationException("The body is not camelCase raw JSON: " + System.Text.Encoding.UTF8.GetString(body));
        }
    }

    [Benchmark(Description = "Map to contract")]
    public object? Map() => _mapper.Map(_stored);

    [Benchmark(Description = "Describe (routing key lookup)")]
    public string Describe() => CrmEvents.Describe(typeof(Crm.Contracts.Customers.CustomerRegistered)).RoutingKey;

    [Benchmark(Description = "Map + Describe + serialise body")]
    public byte[] Publish()
    {
        var contract = _mapper.Map(_stored)!;
        var description = CrmEvents.Describe(contract.GetType());
        var body = JsonSerializer.SerializeToUtf8Bytes(contract, contract.GetType(), _options);
        return description.RoutingKey.Length > 0 ? body : [];
    }

    // MassTransit's options write indented JSON; this shows what a compact body would cost instead.
    [Benchmark(Description = "Map + serialise body, compact (comparison)")]
    public byte[] SerialiseCompact()
    {
        var contract = _mapper.Map(_stored)!;
        return JsonSerializer.SerializeToUtf8Bytes(contract, contract.GetType(), _compact);
    }
}
