using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;
using Microsoft.AspNetCore.Http;

namespace Crm.ServiceDefaults.Storage;

/// <summary>
/// Opens Marten sessions bound to one branch (the tenant) that stamp every stored event with who
/// did it and the request's correlation id, so <c>/history</c> can show both.
/// </summary>
public sealed class CrmSessions(IDocumentStore store, IHttpContextAccessor http)
{
    public IDocumentSession ForBranch(string branch) => Stamp(store.LightweightSession(branch));

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
