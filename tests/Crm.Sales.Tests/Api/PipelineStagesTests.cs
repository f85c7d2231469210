using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Crm.Sales.Tests.Api;

public class PipelineStagesTests(SalesService service) : IClassFixture<SalesService>
{
    /// <remarks>The default stages are checked in <see cref="OpportunityTests"/>: this class changes them.</remarks>
    internal static string[] Names(JsonElement body) =>
        body.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task The_group_configures_its_stages_and_bad_ones_are_refused()
    {
        var exec = service.ClientAs("group-executive");
        var bad = await exec.PutAsJsonAsync("/api/pipeline/stages", new { stages = new object[] { new { name = "Won", probability = 100 }, new { name = "won", probability = 150 } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.ClientAs("branch-head", "north").PutAsJsonAsync("/api/pipeline/stages", new { stages = new[] { new { name = "x", probability = 1 } } })).StatusCode);

        var changed = await exec.PutAsJsonAsync("/api/pipeline/stages", new { stages = new[] { new { name = "contact", probability = 5 }, new { name = "quote", probability = 60 } } });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(["contact", "quote", "won", "lost"], Names(await exec.GetFromJsonAsync<JsonElement>("/api/pipeline/stages")));
    }
}
