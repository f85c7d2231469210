using BenchmarkDotNet.Attributes;
using Crm.Customers.Domain;
using JasperFx.Events;

namespace Crm.Benchmarks;

/// <summary>
/// The customers write path without I/O: the decision (command -> event), the fold of that event
/// into state (what RegisterCustomer answers with) and the inline projection's per-event step.
/// </summary>
[MemoryDiagnoser]
public class CustomerDeciderBenchmarks
{
    private RegisterCustomer _command = null!;
    private CustomerRegistered _registered = null!;
    private IEvent _stored = null!;
    private CustomerProjection _projection = null!;
    private IEvent[] _rebuild = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
        _command = new RegisterCustomer(Guid.CreateVersion7(now), "north", "Hengda Electrical", "regional-electrical-store", Guid.CreateVersion7(now), now);
        _registered = CustomerDecider.Register(_command);
        _stored = new Event<CustomerRegistered>(_registered) { Version = 1, StreamId = _registered.CustomerId, TenantId = "north" };
        _projection = new CustomerProjection();
        // A projection rebuild: 1,000 customers, one registration each.
        _rebuild = Enumerable.Range(0, 1000).Select(i =>
        {
            var e = _registered with { CustomerId = Guid.CreateVersion7(now.AddSeconds(i)), Name = $"Customer {i}" };
            return (IEvent)new Event<CustomerRegistered>(e) { Version = 1, StreamId = e.CustomerId, TenantId = "north" };
        }).ToArray();
    }

    [Benchmark(Description = "Register (decide)")]
    public CustomerRegistered Register() => CustomerDecider.Register(_command);

    [Benchmark(Description = "Register + Evolve (as the endpoint)")]
    public Customer? DecideAndFold() => CustomerDecider.Evolve(null, CustomerDecider.Register(_command))! with { Version = 1 };

    [Benchmark(Description = "Projection Evolve (1 event)")]
    public Customer? ProjectionEvolve() => _projection.Evolve(null, _registered.CustomerId, _stored);

    [Benchmark(Description = "Projection Evolve (1,000 streams)", OperationsPerInvoke = 1000)]
    public int ProjectionRebuild()
    {
        var versions = 0;
        foreach (var e in _rebuild)
            versions += (int)(_projection.Evolve(null, e.StreamId, e)?.Version ?? 0);
        return versions;
    }
}
