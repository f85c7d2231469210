using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Crm.Identity.Bootstrap;
using Crm.Identity.Domain;
using Crm.Identity.Tokens;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Identity.Features;

/// <summary>
/// A system admin registers an external system (ERP, BI, a CRM service) for client_credentials.
/// The secret is generated here and shown once, in this answer; only its hash is kept.
/// </summary>
public static partial class RegisterClientEndpoint
{
    public sealed record Request(string? ClientId, string[]? Scopes);

    public sealed record Registered(string ClientId, IReadOnlyList<string> Scopes, DateTimeOffset RegisteredAt, string ClientSecret);

    public static void MapRegisterClient(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/clients", Handle).WithName("RegisterClient").WithTags("Clients");

    private static async Task<IResult> Handle(Request request, HttpContext http, CrmSessions sessions, ClientDirectory clients,
        TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Roles.SystemAdmin)
            return AccessProblems.Forbidden("Only a system administrator registers integration clients.");

        var clientId = request.ClientId?.Trim() ?? "";
        var scopes = (request.Scopes ?? []).Distinct(StringComparer.Ordinal).ToArray();
        var errors = new ValidationErrors();
        if (!ClientIdPattern().IsMatch(clientId))
            errors.Add("clientId", "'clientId' is 2 to 64 lower-case letters, digits and dashes, starting with a letter.");
        foreach (var unknown in scopes.Where(s => !IntegrationScopes.All.Contains(s)))
            errors.Add("scopes", $"'{unknown}' is not a scope; known: {string.Join(", ", IntegrationScopes.All)}.");
        if (errors.Any) return errors.ToProblem();
        if (await clients.IsKnownAsync(clientId, ct)) return Taken(clientId);

        var secret = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var registered = new ClientRegistered(Guid.CreateVersion7(), clientId, scopes,
            Convert.ToBase64String(IntegrationClients.HashOf(secret)), time.GetUtcNow());
        await using var session = sessions.Unscoped();
        session.Events.StartStream<RegisteredClient>(registered.Id, registered);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (BootstrapAccounts.IsUniqueViolation(ex))
        {
            return Taken(clientId);
        }

        ETags.Write(http, 1);
        return Results.Created($"/api/clients/{clientId}", new Registered(clientId, scopes, registered.RegisteredAt, secret));
    }

    private static IResult Taken(string clientId) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Client id taken", detail: $"There is already a client '{clientId}'.");

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex ClientIdPattern();
}
