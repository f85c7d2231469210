using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Testing;

/// <summary>
/// Stands in for the customers service's <c>GET /api/customers/{id}</c> on a loopback port, so
/// a service's fallback for customers its replica has not heard of (sales, tickets) can be exercised over
/// real HTTP. It answers only requests that carry a bearer token, and remembers the tokens.
/// </summary>
public static class StandInCustomersService
{
    private static readonly ConcurrentDictionary<Guid, object> Customers = new();
    private static readonly ConcurrentBag<string> Tokens = [];
    private static readonly Lazy<Task<string>> Started = new(StartAsync);

    public static Task<string> AddressAsync() => Started.Value;

    /// <summary>A customer only the customers service knows (its event has not reached the caller yet).</summary>
    public static Guid Knows(string branch, Guid? ownerId, string name = "Fresh Customer", string grade = "normal")
    {
        var id = Guid.CreateVersion7();
        Customers[id] = new { id, branch, name, category = "other", grade, ownerId, registeredAt = DateTimeOffset.UtcNow, version = 1 };
        return id;
    }

    /// <summary>A customer the customers service cannot answer for right now (its database is away): asking gets 503.</summary>
    public static Guid KnowsButIsUnavailable()
    {
        var id = Guid.CreateVersion7();
        Customers[id] = Unavailable;
        return id;
    }

    public static bool SawToken(string token) => Tokens.Contains(token);

    private static readonly object Unavailable = new();

    private static async Task<string> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/api/customers/{id:guid}", (Guid id, HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return Results.Unauthorized();
            Tokens.Add(authorization["Bearer ".Length..]);
            if (!Customers.TryGetValue(id, out var customer)) return Results.NotFound();
            return customer == Unavailable ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Ok(customer);
        });
        await app.StartAsync();
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }
}
