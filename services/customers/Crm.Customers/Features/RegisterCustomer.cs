using System.Text.RegularExpressions;
using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;

namespace Crm.Customers.Features;

/// <summary>A rep, head or executive adds a customer to a branch's archive.</summary>
public static partial class RegisterCustomerEndpoint
{
    public sealed record Request(string? Name, string? Branch, string? Category, Guid? OwnerId);

    public static void MapRegisterCustomer(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers", Handle).WithName("RegisterCustomer");

    private static async Task<IResult> Handle(Request request, HttpContext http, CrmSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!CustomerAccess.MayRegister(caller))
            return AccessProblems.Forbidden($"A {caller.Role} may not register customers.");

        // Branch staff work in their own branch; only group-level roles choose one.
        var branch = caller.IsGroupLevel ? request.Branch?.Trim() : request.Branch?.Trim() ?? caller.Branch;
        var errors = new ValidationErrors()
            .RequireText("name", request.Name, 200)
            .RequireText("category", request.Category, 100)
            .RequireText("branch", branch, 32);
        if (branch is { Length: > 0 } && !BranchCode().IsMatch(branch))
            errors.Add("branch", "'branch' is a branch code: lower-case letters, digits and dashes.");
        if (errors.Any) return errors.ToProblem();
        if (!caller.IsGroupLevel && branch != caller.Branch)
            return AccessProblems.Forbidden("Customers can only be registered in your own branch.");

        // A rep owns what they enter; heads and executives may name an owner.
        var owner = caller.Role == Roles.SalesRep ? caller.StaffId : request.OwnerId;
        var command = new RegisterCustomer(Guid.CreateVersion7(), branch!, request.Name!, request.Category!, owner, time.GetUtcNow());
        var registered = CustomerDecider.Register(command);

        await using var session = sessions.ForBranch(branch!);
        session.Events.StartStream<Customer>(registered.CustomerId, registered);
        await session.SaveChangesAsync(ct);

        var customer = CustomerDecider.Evolve(null, registered)! with { Version = 1 };
        ETags.Write(http, customer.Version);
        return Results.Created($"/api/customers/{customer.Id}", CustomerResponse.From(customer));
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex BranchCode();
}
