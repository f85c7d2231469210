using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;
using Marten.Services;
using Npgsql;
using Microsoft.AspNetCore.Http;

namespace Crm.ServiceDefaults.Storage;

/// <summary>
/// Opens Marten sessions bound to one branch (the tenant) that stamp every stored event with who
/// did it and the request's correlation id, so <c>/history</c> can show both.
/// </summary>
public sealed class CrmSessions(IDocumentStore store, IHttpContextAccessor http)
{
    public IDocumentSession ForBranch(string branch) => Stamp(store.LightweightSession(branch));

    /// <summary>
    /// A branch's session that writes inside the caller's database transaction and leaves committing
    /// to them: one change spanning two branches (two tenants' streams of one id cannot share a
    /// session) is then all or nothing.
    /// </summary>
    public IDocumentSession ForBranch(string branch, NpgsqlTransaction transaction)
    {
        var options = SessionOptions.ForTransaction(transaction);
        options.TenantId = branch;
        return Stamp(store.LightweightSession(options));
    }

    /// <summary>For data that belongs to no branch: staff, settings, configuration.</summary>
    public IDocumentSession Unscoped() => Stamp(store.LightweightSession(BranchScope.NoBranch));

    public IQuerySession QueryBranch(string branch) => store.QuerySession(branch);

    public IQuerySession QueryUnscoped() => store.QuerySession();

    private IDocumentSession Stamp(IDocumentSession session)
    {
        if (http.HttpContext is { } context)
        {
            session.CorrelationId = CorrelationId.Of(context);
            if (context.User.FindFirst(Caller.SubjectClaim)?.Value is { } subject) session.LastModifiedBy = subject;
        }
        return session;
    }
}
