using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Crm.EndToEnd.Tests;

/// <summary>Bad input gets a clear problem response and changes nothing, at the gateway and at the service.</summary>
[Collection(SystemCollection.Name)]
public class BadInputTests(CrmSystem system)
{
    private async Task<HttpResponseMessage> Post(string target, HttpContent content)
    {
        using var client = system.Client(await system.SignInAsync(), target);
        return await client.PostAsync("/api/customers", content);
    }

    private async Task AssertProblemAndNothingStored(string target, HttpContent content, HttpStatusCode expected)
    {
        var before = await system.StoredCustomerEventsAsync();

        var response = await Post(target, content);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await system.StoredCustomerEventsAsync());
    }

    [Theory, MemberData(nameof(CrmSystem.GatewayAndService), MemberType = typeof(CrmSystem))]
    public Task Malformed_json_gets_400(string target) =>
        AssertProblemAndNothingStored(target, new StringContent("{ \"name\": ", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);

    [Theory, MemberData(nameof(CrmSystem.GatewayAndService), MemberType = typeof(CrmSystem))]
    public async Task Missing_required_fields_get_400_naming_them(string target)
    {
        await AssertProblemAndNothingStored(target, JsonContent.Create(new { branch = "north" }), HttpStatusCode.BadRequest);
        var errors = (await (await Post(target, JsonContent.Create(new { branch = "north" }))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("category", out _));
    }

    [Theory, MemberData(nameof(CrmSystem.GatewayAndService), MemberType = typeof(CrmSystem))]
    public Task An_oversized_body_gets_413(string target) =>
        AssertProblemAndNothingStored(target,
            new StringContent($"{{ \"name\": \"{new string('x', 2 * 1024 * 1024)}\", \"branch\": \"north\", \"category\": \"other\" }}", Encoding.UTF8, "application/json"),
            HttpStatusCode.RequestEntityTooLarge);
}
