using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Api;

/// <summary>
/// Stands in for identity's <c>GET /api/staff/{id}</c> on a loopback port, so sales' fallback for staff
/// its replica has not heard of yet can be exercised over real HTTP. It answers only requests that
/// carry a bearer token.
/// </summary>
public static class StandInIdentity
{
    private static readonly ConcurrentDictionary<Guid, object> Staff = new();
    private static readonly Lazy<Task<string>> Started = new(StartAsync);

    public static Task<string> AddressAsync() => Started.Value;

    /// <summary>Someone only identity knows (their staff-joined event has not reached sales yet).</summary>
    public static Guid Knows(string role, string? branch, string status = "active")
    {
        var id = Guid.CreateVersion7();
        Staff[id] = new { id, username = $"u{id:N}"[..12], name = "Fresh Staff", role, branch, status, joinedAt = DateTimeOffset.UtcNow, version = 1 };
        return id;
    }

    private static async Task<string> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/api/staff/{id:guid}", (Guid id, HttpRequest request) =>
            !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? Results.Unauthorized()
            : Staff.TryGetValue(id, out var member) ? Results.Ok(member) : Results.NotFound());
        await app.StartAsync();
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }
}
