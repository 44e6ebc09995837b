using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using RabbitMQ.Client;

namespace OrderPipeline.Integration.Tests.Security;

/// <summary>The accounts script/setup leaves on the servers: least privilege for the services, administration for tests alone.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ServerAccountTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task RabbitMQ_has_no_guest_and_each_service_user_reaches_its_vhosts_only_without_management_rights()
    {
        using var management = new HttpClient { BaseAddress = new Uri(TestEnvironment.ManagementUrl) };
        management.DefaultRequestHeaders.Authorization = Basic(TestEnvironment.RabbitUser, TestEnvironment.RabbitPassword);
        var users = await management.GetFromJsonAsync<JsonElement>("/api/users");
        var byName = users.EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!, Tags);
        Assert.DoesNotContain("guest", byName.Keys);
        Assert.Contains("administrator", byName[TestEnvironment.RabbitUser]);
        foreach (var service in TestEnvironment.RabbitServiceUsers)
        {
            Assert.True(byName.TryGetValue(service, out var tags), $"{service} missing");
            // The admin host's user reads its vhosts' queue statistics for the console (management tag: its own vhosts only).
            Assert.Equal(service == TestEnvironment.RabbitConsoleUser ? new List<string> { "management" } : new List<string>(), tags);
            var vhosts = (await management.GetFromJsonAsync<JsonElement>($"/api/users/{service}/permissions")).EnumerateArray()
                .Select(p => p.GetProperty("vhost").GetString()).ToList();
            Assert.DoesNotContain("/", vhosts);
            Assert.Contains(pipeline.Vhost.Name, vhosts);
        }

        // A service user cannot open the default vhost, nor use the management API.
        var intake = TestEnvironment.RabbitServiceUsers[0];
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            // The broker refuses the vhost while opening the connection (RabbitMQ.Client may surface it at the first channel).
            await using var connection = await new ConnectionFactory
            {
                HostName = TestEnvironment.RabbitHost, VirtualHost = "/", UserName = intake, Password = TestEnvironment.RabbitPassword,
                AutomaticRecoveryEnabled = false,
            }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
        });
        using var asService = new HttpClient { BaseAddress = new Uri(TestEnvironment.ManagementUrl) };
        asService.DefaultRequestHeaders.Authorization = Basic(intake, TestEnvironment.RabbitPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, (await asService.GetAsync("/api/overview")).StatusCode);
    }

    [Fact]
    public async Task The_application_role_owns_its_tables_but_cannot_create_databases_and_did_not_run_the_migrations()
    {
        await using var connection = new NpgsqlConnection(pipeline.Database.ConnectionString);
        await connection.OpenAsync();
        await using (var role = new NpgsqlCommand("SELECT rolcreatedb, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user", connection))
        await using (var reader = await role.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.False(reader.GetBoolean(0), "the application role may create databases");
            Assert.False(reader.GetBoolean(1));
            Assert.False(reader.GetBoolean(2));
        }

        await using (var owners = new NpgsqlCommand("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", connection))
        {
            Assert.Equal(TestEnvironment.PgAppUser, (string?)await owners.ExecuteScalarAsync());
        }

        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var create = new NpgsqlCommand("CREATE DATABASE op_should_not_exist", connection);
            await create.ExecuteNonQueryAsync();
        });
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);

        // script/setup migrates as a role of its own (a member of the application role, acting as it).
        await using var migrator = new NpgsqlCommand("""
            SELECT count(*) FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles a ON a.oid = m.roleid
            WHERE r.rolname = 'orderpipeline_migrator' AND a.rolname = current_user AND NOT r.rolcreatedb
            """, connection);
        Assert.Equal(1L, await migrator.ExecuteScalarAsync());
    }

    static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    static List<string> Tags(JsonElement user) => user.GetProperty("tags") switch
    {
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(t => t.GetString()!).ToList(),
        var text => text.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
    };
}
