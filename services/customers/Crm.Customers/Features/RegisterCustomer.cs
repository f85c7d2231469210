using System.Text.RegularExpressions;
using Crm.Customers.Domain;
using Crm.Revocation;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// A rep, head or executive adds a customer to a branch's archive, unless it is already there. It is
/// registered now, by the server's clock; only an import client (crm.import) may say when, naming the
/// branch and owner too, to migrate history from an older CRM (API.md business times).
/// </summary>
public static partial class RegisterCustomerEndpoint
{
    public sealed record Request(
        string? Name, string? Branch, string? Category, Guid? OwnerId, string? Grade, string? TaxId,
        IReadOnlyList<string>? Phones, IReadOnlyList<string>? Emails, IReadOnlyList<string>? Addresses,
        string? Website, string? Needs, string? PainPoints, string? Competitors, DateTimeOffset? RegisteredAt = null)
    {
        public CustomerDetails Details => new(TaxId, Phones ?? [], Emails ?? [], Addresses ?? [], Website, Needs, PainPoints, Competitors);
    }

    public static void MapRegisterCustomer(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers", Handle).WithName("RegisterCustomer")
            .Writes<CustomerResponse>("Registers a customer in a branch", StatusCodes.Status201Created)
            .Produces<CustomerOpenApi.DuplicateProblem>(StatusCodes.Status409Conflict, "application/problem+json");

    /// <param name="allowDuplicate">Registers even when customers with the same name, tax id, phone or email exist in the branch.</param>
    private static async Task<IResult> Handle(Request request, bool? allowDuplicate, HttpContext http, CrmSessions sessions,
        IDocumentStore store, KnownBranches knownBranches, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var importer = ImportClients.IsImporter(http.User);
        if (!CustomerAccess.MayRegister(caller, importer)) return CustomerAccess.MayNotRegister(caller);
        var now = time.GetUtcNow();

        // Branch staff work in their own branch; only group-level roles choose one.
        var branch = caller.IsGroupLevel ? request.Branch?.Trim() : request.Branch?.Trim() ?? caller.Branch;
        var errors = new ValidationErrors()
            .RequireText("name", request.Name, CustomerFields.NameLength)
            .Category(request.Category, await CustomerCategorySettings.LoadAsync(store, ct))
            .RequireText("branch", branch, 32)
            .Details(request.Details);
        var grade = errors.Grade(request.Grade, CustomerGrade.Normal);
        if (request.RegisteredAt is not null && !importer)
            errors.Add("registeredAt", $"Only an import client ({ImportClients.Scope}) may give the registration time; it is the server's clock otherwise.");
        else if (request.RegisteredAt > now) errors.Add("registeredAt", "'registeredAt' cannot be in the future.");
        if (branch is { Length: > 0 } && !BranchCode().IsMatch(branch))
            errors.Add("branch", "'branch' is a branch code: lower-case letters, digits and dashes.");
        else if (branch is { Length: > 0 } && knownBranches.Refuses(branch))
            errors.Add("branch", NotOpened);
        if (errors.Any) return errors.ToProblem();
        if (!caller.IsGroupLevel && branch != caller.Branch)
            return AccessProblems.Forbidden("Customers can only be registered in your own branch.");

        if (allowDuplicate != true)
        {
            var candidates = await DuplicateSearch.FindAsync(store, branch, request.Name, request.TaxId, request.Phones ?? [], request.Emails ?? [], ct);
            if (candidates.Count > 0)
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Possible duplicate",
                    detail: "Customers with the same name, tax id, phone or email are already in this branch; merge into one of them, or register anyway with ?allowDuplicate=true.",
                    extensions: new Dictionary<string, object?> { ["candidates"] = candidates });
        }

        // A rep owns what they enter; heads and executives may name an owner.
        var owner = caller.Role == Roles.SalesRep ? caller.StaffId : request.OwnerId;
        var command = new RegisterCustomer(Guid.CreateVersion7(), branch!, request.Name!, request.Category!, owner, request.RegisteredAt ?? now)
        {
            Grade = grade!.Value,
            Details = request.Details,
        };
        var registered = CustomerDecider.Register(command);

        await using var session = sessions.ForBranch(branch!);
        session.Events.StartStream<Customer>(registered.CustomerId, registered);
        await session.SaveChangesAsync(ct);

        var customer = CustomerDecider.Evolve(null, registered)! with { Version = 1 };
        ETags.Write(http, customer.Version);
        return Results.Created($"/api/customers/{customer.Id}", CustomerResponse.From(customer));
    }

    /// <summary>Said of a well-formed branch code once the opened branches are known and it is not one of them.</summary>
    internal const string NotOpened = "No branch with this code has been opened.";

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    internal static partial Regex BranchCode();
}
