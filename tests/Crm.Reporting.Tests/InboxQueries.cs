using Crm.ServiceDefaults.Messaging;
using Crm.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Reporting.Tests;

internal static class InboxQueries
{
    public static async Task<int> InboxCountAsync(this CrmServiceFactory<Program> factory, Guid eventId)
    {
        await using var session = factory.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<InboxEntry>().CountAsync(e => e.EventId == eventId);
    }
}
