using System.Net.Http.Json;
using System.Text.Json;
using Crm.Reporting.Reports;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reporting.Tests;

/// <summary>
/// Kept answers of the costly rankings (<see cref="ReportCache"/>) over reporting's own PostgreSQL: given
/// again while nothing was recorded, worked out again once anything was, once for callers asking at once.
/// </summary>
public class ReportCacheTests(ReportingService service) : IClassFixture<ReportingService>
{
    private IDocumentStore Store => service.Factory.Services.GetRequiredService<IDocumentStore>();

    private sealed record Answer(int Run);

    /// <summary>A fresh cache and key whose answers number the times they were worked out.</summary>
    private sealed class Numbered(ReportCache cache)
    {
        private int runs;
        private readonly string key = $"test|{Guid.NewGuid()}";

        public async Task<int> RunAsync() =>
            (await cache.GetAsync(key, _ => Task.FromResult(new Answer(Interlocked.Increment(ref runs))), CancellationToken.None)).Run;
    }

    [Fact]
    public async Task An_answer_is_given_again_until_a_change_commits_then_worked_out_again()
    {
        var answers = new Numbered(new ReportCache(Store, TimeProvider.System));

        var first = await answers.RunAsync();
        var again = await answers.RunAsync();
        await ReportCache.ChangedAsync(Store, CancellationToken.None);
        var afterChange = await answers.RunAsync();
        var afterThat = await answers.RunAsync();

        Assert.Equal([1, 1, 2, 2], new[] { first, again, afterChange, afterThat });
    }

    [Fact]
    public async Task A_change_still_open_when_the_answer_was_worked_out_makes_it_out_of_date_once_it_commits()
    {
        var answers = new Numbered(new ReportCache(Store, TimeProvider.System));
        await ReportCache.EnsureAsync(Store, CancellationToken.None);
        await using var connection = new Npgsql.NpgsqlConnection(service.Factory.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var open = await connection.BeginTransactionAsync();
        await using (var insert = new Npgsql.NpgsqlCommand($"insert into {Store.Options.DatabaseSchemaName}.{ReportCache.Table} (xid) values (pg_current_xact_id())", connection, open))
            await insert.ExecuteNonQueryAsync();

        var whileOpen = await answers.RunAsync();
        var stillOpen = await answers.RunAsync();
        await open.CommitAsync();
        var committed = await answers.RunAsync();

        Assert.Equal([1, 1, 2], new[] { whileOpen, stillOpen, committed });
    }

    [Fact]
    public async Task Callers_asking_at_once_wait_for_one_answer()
    {
        var cache = new ReportCache(Store, TimeProvider.System);
        var runs = 0;
        var release = new TaskCompletionSource();
        async Task<Answer> Work(CancellationToken _)
        {
            var run = Interlocked.Increment(ref runs);
            await release.Task;
            return new Answer(run);
        }
        var key = $"test|{Guid.NewGuid()}";

        var callers = Enumerable.Range(0, 8).Select(_ => cache.GetAsync(key, Work, CancellationToken.None)).ToList();
        await Task.Delay(200);
        release.SetResult();
        var answers = await Task.WhenAll(callers);

        Assert.All(answers, a => Assert.Equal(1, a.Run));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_failed_answer_is_not_kept()
    {
        var cache = new ReportCache(Store, TimeProvider.System);
        var runs = 0;
        Task<Answer> Work(CancellationToken _) =>
            Interlocked.Increment(ref runs) == 1 ? throw new InvalidOperationException("the database went away") : Task.FromResult(new Answer(runs));
        var key = $"test|{Guid.NewGuid()}";

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(key, Work, CancellationToken.None));
        var next = await cache.GetAsync(key, Work, CancellationToken.None);

        Assert.Equal(2, next.Run);
    }

    [Fact]
    public async Task The_abc_page_asked_again_shows_an_order_recorded_in_between()
    {
        var branch = SourceEvents.ABranch();
        var rep = Guid.CreateVersion7();
        var exec = service.ClientAs("group-executive");
        var first = await service.Customer(branch, "distributor", "First Customer");
        await service.Order(branch, first, rep, 1000, DateTimeOffset.UtcNow.AddDays(-2));
        var url = $"/api/reports/abc?branch={branch}";
        static string Ranking(JsonElement r) => string.Join(" ", r.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("name").GetString()}={i.GetProperty("sales").GetDecimal():0}"));
        await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>(url), r => Ranking(r) == "First Customer=1000", what: "the first order");
        Assert.Equal("First Customer=1000", Ranking(await exec.GetFromJsonAsync<JsonElement>(url)));

        var second = await service.Customer(branch, "distributor", "Second Customer");
        await service.Order(branch, second, rep, 3000, DateTimeOffset.UtcNow.AddDays(-1));

        await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>(url), r => Ranking(r) == "Second Customer=3000 First Customer=1000",
            what: "the second order, well within the minute an answer may be kept");
        var collections = await Eventually.Get(() => exec.GetFromJsonAsync<JsonElement>($"/api/reports/collections?groupBy=customer&branch={branch}"),
            r => r.GetProperty("items").GetArrayLength() == 2, what: "both customers owing");
        Assert.Equal(4000, collections.GetProperty("total").GetProperty("outstanding").GetDecimal());
    }
}
