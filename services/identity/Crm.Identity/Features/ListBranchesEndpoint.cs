using Crm.Identity.Domain;
using Crm.ServiceDefaults.Http;
using Marten;

namespace Crm.Identity.Features;

/// <summary>Every signed-in caller may list the branches: codes, names and time zones are not secret.</summary>
public static class ListBranchesEndpoint
{
    public static void MapListBranches(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/branches", List).WithName("ListBranches").WithTags("Branches");
        app.MapGet("/api/branches/{code}", Get).WithName("GetBranch").WithTags("Branches");
    }

    private static async Task<IResult> List(string? limit, string? cursor, IQuerySession session, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (Paging.Read(limit, cursor, errors) is not { } paging) return errors.ToProblem();

        var branches = await session.Query<Branch>().OrderBy(b => b.Code)
            .Skip(paging.Offset).Take(paging.Take).ToListAsync(ct);
        return Results.Ok(paging.PageOf(branches.Select(BranchResponse.From).ToList()));
    }

    private static async Task<IResult> Get(string code, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var branch = await session.Query<Branch>().FirstOrDefaultAsync(b => b.Code == code, ct);
        if (branch is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such branch", detail: $"There is no branch '{code}'.");
        ETags.Write(http, branch.Version);
        return Results.Ok(BranchResponse.From(branch));
    }
}
