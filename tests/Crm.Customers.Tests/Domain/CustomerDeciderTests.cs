using Crm.Customers.Domain;

namespace Crm.Customers.Tests.Domain;

public class CustomerDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Registering_a_customer_records_who_owns_it_and_when()
    {
        var owner = Guid.CreateVersion7();
        var id = Guid.CreateVersion7();

        var registered = CustomerDecider.Register(new RegisterCustomer(id, "north", "  Hengda Electrical  ", " regional-electrical-store ", owner, Now));

        Assert.Equal(new CustomerRegistered(id, "north", "Hengda Electrical", "regional-electrical-store", owner, Now), registered);
    }

    [Fact]
    public void A_registered_customer_is_rebuilt_from_its_first_event()
    {
        var registered = new CustomerRegistered(Guid.CreateVersion7(), "east", "Yuan Trading", "international-trader", null, Now);

        var state = CustomerDecider.Evolve(null, registered);

        Assert.Equal(new Customer(registered.CustomerId, "east", "Yuan Trading", "international-trader", null, Now), state);
    }

    [Fact]
    public void An_event_the_customer_does_not_know_leaves_it_unchanged()
    {
        var state = new Customer(Guid.CreateVersion7(), "east", "Yuan Trading", "international-trader", null, Now);

        Assert.Same(state, CustomerDecider.Evolve(state, new object()));
    }
}
