using Microsoft.Extensions.Options;
using Rampart.AspNetCore.Audit;
using Rampart.AspNetCore.Logging.Tests.Infrastructure;

namespace Rampart.AspNetCore.Logging.Tests;

public class OptionsValidationTests
{
    [Theory]
    [InlineData("MaxValueLength", "Rampart:Logging:MaxValueLength")]
    [InlineData("MaxBytes", "Rampart:Logging:Bodies:MaxBytes")]
    [InlineData("ClientAddressKey", "Rampart:Logging:ClientAddressKey")]
    [InlineData("ConnectionString", "Rampart:Logging:Store:ConnectionString")]
    [InlineData("Retention", "Rampart:Logging:Store:Retention")]
    [InlineData("PurgeInterval", "Rampart:Logging:Store:PurgeInterval")]
    [InlineData("QueueCapacity", "Rampart:Logging:Store:QueueCapacity")]
    [InlineData("ClientAddressKeyPepperVersion", "Rampart:Logging:ClientAddressKeyPepperVersion")]
    public async Task Invalid_settings_stop_the_app_naming_the_key(string setting, string key)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LoggingTestApp.StartAsync(o =>
        {
            var logging = o.Logging;
            switch (setting)
            {
                case "MaxValueLength": logging.MaxValueLength = 1; break;
                case "MaxBytes": logging.Bodies.MaxBytes = -1; break;
                case "ClientAddressKey": logging.ClientAddressKey = "c2hvcnQ="; break;
                case "ConnectionString": logging.Store.ConnectionString = " "; break;
                case "Retention": logging.Store.Retention = TimeSpan.FromMinutes(1); break;
                case "PurgeInterval": logging.Store.PurgeInterval = TimeSpan.Zero; break;
                case "QueueCapacity": logging.Store.QueueCapacity = 0; break;
                case "ClientAddressKeyPepperVersion": logging.ClientAddressKeyPepperVersion = 7; break;
            }
        }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQ=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_pseudonyms_depend_on_the_key_and_hide_the_address()
    {
        var address = System.Net.IPAddress.Parse("198.51.100.4");
        var a = new ClientAddressPseudonymizer(new byte[32]);
        var b = new ClientAddressPseudonymizer(Enumerable.Repeat((byte)1, 32).ToArray());

        Assert.Equal(a.Pseudonymize(address), a.Pseudonymize(address.MapToIPv6()));
        Assert.NotEqual(a.Pseudonymize(address), b.Pseudonymize(address));
        Assert.NotEqual(a.Pseudonymize(address), a.Pseudonymize(System.Net.IPAddress.Parse("198.51.100.5")));
        Assert.DoesNotContain("198", a.Pseudonymize(address)!, StringComparison.Ordinal);
        Assert.Null(a.Pseudonymize(null));
    }

    [Fact]
    public void The_derived_client_key_is_not_the_pepper()
    {
        var options = new RampartOptions();
        options.Keys.Peppers[1] = LoggingTestApp.Pepper;

        var key = ClientAddressPseudonymizer.DeriveKey(options);

        Assert.Equal(32, key.Length);
        Assert.NotEqual(Convert.FromBase64String(LoggingTestApp.Pepper), key);
        Assert.Equal(key, ClientAddressPseudonymizer.DeriveKey(options));
    }

    [Fact]
    public void The_client_key_stays_when_a_new_pepper_version_becomes_current_and_follows_the_pinned_version_or_the_configured_key()
    {
        var before = new RampartOptions();
        before.Keys.Peppers[1] = LoggingTestApp.Pepper;
        var afterRotation = new RampartOptions();
        afterRotation.Keys.Peppers[1] = LoggingTestApp.Pepper;
        afterRotation.Keys.Peppers[2] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        afterRotation.Keys.CurrentPepperVersion = 2;

        var key = ClientAddressPseudonymizer.DeriveKey(before);
        Assert.Equal(key, ClientAddressPseudonymizer.DeriveKey(afterRotation));

        afterRotation.Logging.ClientAddressKeyPepperVersion = 2;
        Assert.NotEqual(key, ClientAddressPseudonymizer.DeriveKey(afterRotation));

        var own = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        afterRotation.Logging.ClientAddressKey = Convert.ToBase64String(own);
        Assert.Equal(own, ClientAddressPseudonymizer.DeriveKey(afterRotation));
    }
}
