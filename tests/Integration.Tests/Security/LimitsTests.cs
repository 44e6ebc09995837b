using System.Net.Sockets;
using System.Text;

namespace OrderPipeline.Integration.Tests.Security;

/// <summary>What keeps one client from holding the intake: order rates, event streams, slow headers.</summary>
[Collection(PipelineCollection.Name)]
public sealed class LimitsTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task Orders_are_limited_per_address_and_per_customer_with_a_429_and_nothing_published_past_the_limit()
    {
        var product = OrderApi.Unique("lim");
        await pipeline.PutProductAsync(OrderApi.Unique("farm"), product, 100m, 1000);
        // The production settings' limits (appsettings.json), made small enough to reach.
        var api = await pipeline.StartHostAsync("Intake.Api", new Dictionary<string, string>
        {
            ["Intake__RateLimits__Enabled"] = "true",
            // One token per 1,000 s: no refill during the test, however slowly its requests go.
            ["Intake__RateLimits__PerAddressPerSecond"] = "0.001", ["Intake__RateLimits__PerAddressBurst"] = "4",
            ["Intake__RateLimits__PerCustomerPerSecond"] = "0.001", ["Intake__RateLimits__PerCustomerBurst"] = "2",
        });
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "ready");
        var before = await pipeline.PublishedOrdersAsync();
        var customer = OrderApi.Unique("eager");

        var statuses = new List<HttpStatusCode>();
        foreach (var who in (string[])[customer, customer, customer, OrderApi.Unique("other"), OrderApi.Unique("third"), OrderApi.Unique("fourth")])
        {
            using var response = await OrderApi.PostAsync(http, OrderApi.Order(who, product, 1));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
            }
        }

        // The customer's third in a row is over its burst of 2; the address's fifth over its burst of 4 (its third was refused
        // by the customer limit after the address let it through, so the address has spent 4 by the fifth request).
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.Accepted,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        await Eventually.TrueAsync(async () => await pipeline.PublishedOrdersAsync() == before + 3, TimeSpan.FromSeconds(5), "exactly the 3 accepted published");
    }

    [Fact]
    public async Task Event_streams_are_limited_per_seller_and_per_instance_and_a_bad_resume_position_is_a_400()
    {
        var api = await pipeline.StartHostAsync("Intake.Api", new Dictionary<string, string>
        {
            ["Intake__SellerStreams__MaxPerSeller"] = "2", ["Intake__SellerStreams__MaxTotal"] = "3",
        });
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        var (first, second) = (OrderApi.Unique("s1"), OrderApi.Unique("s2"));
        await using var a = new EventStream(http, $"/sellers/{first}/events", PipelineFixture.SellerAdminKey);
        await using var b = new EventStream(http, $"/sellers/{first}/events", PipelineFixture.SellerAdminKey);
        await a.UntilAsync(s => s.Of("stream.open").Count == 1, "first stream");
        await b.UntilAsync(s => s.Of("stream.open").Count == 1, "second stream");

        using (var third = await http.SendAsync(AdminApi.Request(HttpMethod.Get, $"/sellers/{first}/events", PipelineFixture.SellerAdminKey), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.NotNull(third.Headers.RetryAfter);
        }

        await using var c = new EventStream(http, $"/sellers/{second}/events", PipelineFixture.SellerAdminKey);
        await c.UntilAsync(s => s.Of("stream.open").Count == 1, "another seller's stream");
        using (var fourth = await http.SendAsync(AdminApi.Request(HttpMethod.Get, $"/sellers/{OrderApi.Unique("s3")}/events", PipelineFixture.SellerAdminKey), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode); // the instance's total of 3
        }

        using var badResume = AdminApi.Request(HttpMethod.Get, $"/sellers/{second}/events", PipelineFixture.SellerAdminKey);
        badResume.Headers.Add("Last-Event-ID", "yesterday");
        using var refused = await http.SendAsync(badResume);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Last-Event-ID", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_whose_wake_up_was_lost_still_reaches_the_stream_through_the_shared_poll()
    {
        var seller = OrderApi.Unique("quiet");
        await using var stream = new EventStream(pipeline.Http, $"/sellers/{seller}/events", PipelineFixture.SellerAdminKey);
        await stream.UntilAsync(s => s.Of("stream.open").Count == 1, "the stream to open");

        // Written straight into the feed: no worker announces it, so only the poll can find it.
        await pipeline.Database.ExecuteAsync("INSERT INTO seller_events (seller_id, type, data, at) VALUES (@seller, 'order.confirmed', '{\"orderId\":\"ord_silent\"}', now())", new { seller });

        await stream.UntilAsync(s => s.Of("order.confirmed").Count == 1, "the unannounced event");
    }

    [Fact]
    public async Task Clients_sending_their_headers_slowly_are_cut_off_and_cannot_hold_the_api()
    {
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 100; i++)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, pipeline.Api.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes("POST /orders HTTP/1.1\r\nHost: x\r\nX-Slow: "));
                sockets.Add(socket);
            }

            // Meanwhile the API answers everyone else at once.
            var started = DateTime.UtcNow;
            using (var ready = await pipeline.Http.GetAsync("/health/ready"))
            {
                Assert.True(ready.IsSuccessStatusCode);
            }

            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));

            // A byte every second keeps a connection busy but not its headers coming: each is closed after the 5 s headers timeout.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            var closed = 0;
            while (DateTime.UtcNow < deadline && closed < sockets.Count)
            {
                closed = 0;
                foreach (var socket in sockets)
                {
                    if (!IsOpen(socket))
                    {
                        closed++;
                        continue;
                    }

                    try
                    {
                        await socket.SendAsync(Encoding.ASCII.GetBytes("a"));
                    }
                    catch (SocketException)
                    {
                        closed++;
                    }
                }

                await Task.Delay(1000);
            }

            Assert.Equal(sockets.Count, closed);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Whether the server still holds the connection: readable with nothing to read is its close (after a 408 or not).</summary>
    static bool IsOpen(Socket socket)
    {
        try
        {
            while (socket.Poll(0, SelectMode.SelectRead))
            {
                if (socket.Available == 0)
                {
                    return false;
                }

                socket.Receive(new byte[socket.Available]);
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
