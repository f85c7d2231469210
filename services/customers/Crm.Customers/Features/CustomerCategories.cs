using System.Text.RegularExpressions;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Customers.Features;

/// <summary>The group's business categories (configurable, DOMAIN.md), one document for every branch.</summary>
public sealed record CustomerCategorySettings(string Id, IReadOnlyList<string> Categories)
{
    public const string Key = "customer-categories";

    /// <summary>The categories of the group's customer-mix analysis, until someone configures others.</summary>
    public static readonly IReadOnlyList<string> Defaults =
    [
        "international-parts-distributor", "international-trader", "regional-electrical-store", "regional-specialty-store",
        "regional-volume-store", "regional-diy-store", "other",
    ];

    public static async Task<IReadOnlyList<string>> LoadAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<CustomerCategorySettings>(Key, ct))?.Categories ?? Defaults;
    }
}

public static partial class CustomerCategoriesEndpoint
{
    public sealed record Body(IReadOnlyList<string>? Categories);

    public static void MapCustomerCategories(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/settings/customer-categories", Get).WithName("GetCustomerCategories")
            .Reads<Body>("The group's customer categories", byId: false);
        app.MapPut("/api/settings/customer-categories", Put).WithName("PutCustomerCategories")
            .Writes<Body>("Replaces the group's customer categories");
    }

    private static async Task<IResult> Get(IDocumentStore store, CancellationToken ct) =>
        Results.Ok(new Body(await CustomerCategorySettings.LoadAsync(store, ct)));

    /// <summary>Configuration: system administrators and group executives. Customers keep a category that is later removed.</summary>
    private static async Task<IResult> Put(Body body, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.Role is not (Roles.SystemAdmin or Roles.GroupExecutive))
            return AccessProblems.Forbidden("Only system administrators and group executives configure customer categories.");

        var categories = body.Categories?.Select(c => c?.Trim() ?? "").ToList() ?? [];
        var errors = new ValidationErrors();
        if (categories.Count is 0 or > 100) errors.Add("categories", "'categories' needs between 1 and 100 codes.");
        foreach (var bad in categories.Where(c => !Code().IsMatch(c)))
            errors.Add("categories", $"'{bad}' is not a category code: lower-case letters, digits and dashes, at most 100.");
        if (categories.Distinct().Count() != categories.Count) errors.Add("categories", "'categories' lists a code twice.");
        if (errors.Any) return errors.ToProblem();

        await using var session = store.LightweightSession();
        session.Store(new CustomerCategorySettings(CustomerCategorySettings.Key, categories));
        await session.SaveChangesAsync(ct);
        return Results.Ok(new Body(categories));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex Code();
}
