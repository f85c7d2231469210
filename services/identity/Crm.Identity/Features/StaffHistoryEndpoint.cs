using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Identity.Features;

/// <summary>An account's audit log: every event with who did it and in which request, never a password hash.</summary>
public static class StaffHistoryEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapStaffHistory(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/staff/{id:guid}/history", Handle).WithName("GetStaffHistory").WithTags("Staff");

    private static async Task<IResult> Handle(Guid id, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!StaffAccess.MayRead(caller))
            return AccessProblems.Forbidden($"A {caller.Role} may not read staff accounts.");
        if (await GetStaffEndpoint.FindVisibleAsync(session, caller, id, ct) is null)
            return AccessProblems.NotFound("staff member");

        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return Results.Ok(RecordHistory.From(events, WithoutSecrets));
    }

    // Stored staff events carry the password hash (sign-in is rebuilt from them); the audit log shows everything else.
    private static JsonObject WithoutSecrets(object data)
    {
        var json = JsonSerializer.SerializeToNode(data, data.GetType(), Json)!.AsObject();
        json.Remove("passwordHash");
        return json;
    }
}
