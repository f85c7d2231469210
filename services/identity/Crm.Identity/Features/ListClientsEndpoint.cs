using Crm.Identity.Domain;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Identity.Features;

/// <summary>The integration clients a system admin has: from configuration and registered. Never a secret or its hash.</summary>
public static class ListClientsEndpoint
{
    public sealed record ClientResponse(string ClientId, IReadOnlyList<string> Scopes, string Source, DateTimeOffset? RegisteredAt);

    public static void MapListClients(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/clients", Handle).WithName("ListClients").WithTags("Clients");

    private static async Task<IResult> Handle(string? limit, string? cursor, HttpContext http, IQuerySession session,
        IntegrationClients configured, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Roles.SystemAdmin)
            return AccessProblems.Forbidden("Only a system administrator sees integration clients.");
        var errors = new ValidationErrors();
        if (Paging.Read(limit, cursor, errors) is not { } paging) return errors.ToProblem();

        var registered = await session.Query<RegisteredClient>().OrderBy(c => c.ClientId).ToListAsync(ct);
        var all = configured.All
            .Select(c => new ClientResponse(c.ClientId, [.. c.Scopes.Order()], "configuration", null))
            .Concat(registered.Select(c => new ClientResponse(c.ClientId, c.Scopes, "registered", c.RegisteredAt)))
            .OrderBy(c => c.ClientId, StringComparer.Ordinal)
            .Skip(paging.Offset).Take(paging.Take).ToList();
        return Results.Ok(paging.PageOf(all));
    }
}
