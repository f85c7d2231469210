using Crm.Contracts.Customers;
using Crm.Reporting.Integration;
using Crm.ServiceDefaults.Messaging;

namespace Crm.Reporting.CustomerMix;

/// <summary>The customer events the customer analyses are built from, each filed under the customer whose rows it changes.</summary>
public static class CustomerEventsRecorded
{
    public static void RecordCustomerEvents(this ConsumerRegistry consumers, IServiceCollection services) => consumers
        .Record<CustomerRegistered>(services, e => e.CustomerId)
        .Record<CustomerProfileUpdated>(services, e => e.CustomerId)
        .Record<CustomerOwnerAssigned>(services, e => e.CustomerId)
        .Record<CustomerArchived>(services, e => e.CustomerId)
        .Record<CustomerRestored>(services, e => e.CustomerId)
        .Record<CustomerTransferred>(services, e => e.CustomerId)
        // A merge takes the duplicate out of the counts; its sales will count under the survivor.
        .Record<CustomersMerged>(services, e => e.DuplicateId)
        .Record<CustomersUnmerged>(services, e => e.DuplicateId);
}
