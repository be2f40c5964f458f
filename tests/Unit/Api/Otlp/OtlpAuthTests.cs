using System.Net;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api.Otlp;

/// <summary>
/// <c>POST /v1/traces</c> with auth on (tracing reference §2.4 "Auth", §4.2): credentials first, then the header check,
/// then EDIT (MLflow's <c>can_update</c>) on the header's experiment. Users and grants are <see cref="AuthWorld{TDb}"/>'s.
/// </summary>
public abstract class OtlpAuthTests<TDb>(AuthWorld<TDb> world) : IClassFixture<AuthWorld<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => world.Host.Client.SendAsync(request, Ct);

    private static HttpRequestMessage Export(string traceHex, string? experimentId) =>
        OtlpHttp.Request(OtlpSamples.TwoSpans(traceHex).ToByteArray(), "application/x-protobuf", experimentId, "team-a");

    private async Task<bool> StoredAsync(string traceHex)
    {
        var host = (ApiFixture<TDb, AuthProfile>)world.Host;
        await using var db = host.Db("team-a");
        return await db.TraceInfos.AnyAsync(t => t.RequestId == "tr-" + traceHex, Ct);
    }

    [Fact]
    public async Task A_reader_is_refused_and_an_editor_or_admin_is_accepted()
    {
        var denied = OtlpHttp.NewTraceHex();
        var response = await SendAsync(Export(denied, world.E1).As("alice", AuthWorld<TDb>.Password));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await StoredAsync(denied));

        var byEditor = OtlpHttp.NewTraceHex();
        await OtlpHttp.AssertAcceptedAsync(await SendAsync(Export(byEditor, world.E1).As("carol", AuthWorld<TDb>.Password)));
        Assert.True(await StoredAsync(byEditor));
        var byAdmin = OtlpHttp.NewTraceHex();
        await OtlpHttp.AssertAcceptedAsync(await SendAsync(Export(byAdmin, world.E1).As("admin", AuthProfile.AdminPassword)));
        Assert.True(await StoredAsync(byAdmin));
    }

    [Fact]
    public async Task Without_credentials_401_and_without_the_header_mlflows_auth_400()
    {
        var response = await SendAsync(Export(OtlpHttp.NewTraceHex(), world.E1));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await OtlpHttp.AssertDetailAsync(await SendAsync(Export(OtlpHttp.NewTraceHex(), null).As("carol", AuthWorld<TDb>.Password)), 400,
            "Missing required header: X-Mlflow-Experiment-Id");
    }
}

public sealed class OtlpAuthTests_Sqlite(AuthWorld<SqliteDb> world) : OtlpAuthTests<SqliteDb>(world);

public sealed class OtlpAuthTests_Postgres(AuthWorld<PostgresDb> world) : OtlpAuthTests<PostgresDb>(world);

public sealed class OtlpAuthTests_MySql(AuthWorld<MySqlDb> world) : OtlpAuthTests<MySqlDb>(world);
