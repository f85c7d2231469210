using Crm.Sales.Domain;
using Crm.Sales.Staff;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;

namespace Crm.Sales.Features.Leads;

/// <summary>A rep (or their head) records prospective business from marketing, a referral or a call.</summary>
public static class CaptureLeadEndpoint
{
    public sealed record Request(string? Company, string? ContactPerson, string? Phone, string? Email, string? Source, string? Notes, string? Branch, Guid? OwnerId);

    public static void MapCaptureLead(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/leads", Handle).WithName("CaptureLead");

    private static async Task<IResult> Handle(Request request, HttpContext http, CrmSessions sessions, KnownStaff staff, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);

        var errors = new ValidationErrors().RequireText("company", request.Company, 200);
        ContactFields.Validate(errors, request.ContactPerson, request.Phone, request.Email);
        if (request.Source?.Length > 100) errors.Add("source", "'source' must be at most 100 characters.");
        if (request.Notes?.Length > 4000) errors.Add("notes", "'notes' must be at most 4000 characters.");
        var (branch, forbidden) = access.BranchForNewRecord(request.Branch, errors);
        if (forbidden is not null) return forbidden;
        if (errors.Any) return errors.ToProblem();

        // A rep owns what they enter; heads and executives may hand it to someone at once.
        var owner = access.Caller.Role == Roles.SalesRep ? access.Caller.StaffId : request.OwnerId;
        if (owner is { } named && await staff.ProblemAsync("ownerId", named, branch!, access, ct) is { } notStaff) return notStaff;
        var captured = LeadDecider.Capture(new CaptureLead(Guid.CreateVersion7(), branch!, request.Company!, request.ContactPerson,
            request.Phone, request.Email, request.Source, request.Notes, owner, time.GetUtcNow()));

        await using var session = sessions.ForBranch(branch!);
        session.Events.StartStream<Lead>(captured.LeadId, captured);
        await session.SaveChangesAsync(ct);

        var lead = LeadProjection.Fold(null, captured, 1)!;
        ETags.Write(http, lead.Version);
        return Results.Created($"/api/leads/{lead.Id}", LeadResponse.From(lead));
    }
}
