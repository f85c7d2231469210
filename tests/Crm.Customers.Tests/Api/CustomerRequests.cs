using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Customers.Tests.Api;

/// <summary>Builders and small steps the API tests share: each test sets up what it needs.</summary>
internal static class CustomerRequests
{
    public static Dictionary<string, object?> ACustomer(string branch = "north", string? name = null, Guid? ownerId = null) => new()
    {
        ["name"] = name ?? $"Hengda Electrical {Guid.NewGuid():N}",
        ["branch"] = branch,
        ["category"] = "regional-electrical-store",
        ["ownerId"] = ownerId,
    };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string field, object? value)
    {
        body[field] = value;
        return body;
    }

    public static async Task<(Guid Id, string ETag)> RegisterAsync(this HttpClient client, Dictionary<string, object?> body)
    {
        var response = await client.PostAsJsonAsync("/api/customers?allowDuplicate=true", body);
        response.EnsureSuccessStatusCode();
        return ((await response.JsonAsync()).GetProperty("id").GetGuid(), response.Headers.ETag!.Tag);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static bool HasError(this JsonElement problem, string field) => problem.GetProperty("errors").TryGetProperty(field, out _);
}
