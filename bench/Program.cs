using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Workspaces.Bench;

// Usage: dotnet run -c Release --project bench -- [--runs 25000] [--history 100000] [--seconds 10] [--backend sqlite|postgres|mysql|both|all] [--keep]
//        [--auth]   also measures log-batch with auth on (a non-admin EDIT user's token) against the same database
//        [--ingest-only]   only the log-batch measurements
//        On PostgreSQL and MySQL the database's own limits follow, measured on the same database after the server has stopped;
//        PostgreSQL prints the server's log-batch rates as a share of a 1,000,000-row binary COPY of the same rows.
//        [--warm-up 10]    seconds of unmeasured log-batch traffic after the server starts (tiered JIT), 0 for none
//        [--server <path/Workspaces.Web.dll>]   another build of the server (e.g. the commit before a change), same bench
//        [--limits-only]   only the database's own limits (PostgreSQL, MySQL), no server measurements
//        [--gateway]   only the AI Gateway's overhead over calling a provider directly (chat and streaming)
//        [--traces]   only tracing: OTLP ingest of 10-span traces (POST /v1/traces) and, on PostgreSQL, search-traces with
//                     a tag filter over --trace-count traces (100,000) seeded with COPY
//        [--replicas N]   also measures ingestion and search through a YARP round-robin proxy in front of N server processes
//                         sharing one (fresh) database
// PostgreSQL comes from --pg <store-uri of a server database> or WORKSPACES_TEST_PG (e.g. postgresql://postgres@127.0.0.1:5432/postgres);
// MySQL / MariaDB from --mysql <store-uri naming any database of the server> or WORKSPACES_TEST_MYSQL ("both" is SQLite and PostgreSQL,
// "all" adds MySQL).
var options = Options.Parse(args);
var results = new List<string>();
foreach (var backend in options.Backends)
{
    var (storeUri, cleanup) = await CreateStoreAsync(backend, options);
    if (storeUri is null)
    {
        Console.WriteLine($"skipping {backend}: no server (pass --pg / --mysql or set WORKSPACES_TEST_PG / WORKSPACES_TEST_MYSQL)");
        continue;
    }
    Console.WriteLine($"== {backend} ==");
    double[] ingestRates = [];
    await using (var server = await ServerUnderTest.StartAsync(storeUri, serverDll: options.ServerDll))
    {
        if (options.Gateway)
            results.AddRange(await GatewayBench.RunAsync(server.BaseAddress, backend, 2_000));
        else if (options.Traces)
            results.AddRange(await TraceBench.RunAsync(server.BaseAddress, backend, storeUri, options));
        else if (!options.LimitsOnly)
            ingestRates = await TrackingAsync(server.BaseAddress, backend, options, results);
    }
    // The tracking measurements and the database's limits; --gateway and --traces measure only their own.
    var tracking = !options.Gateway && !options.Traces;
    if (options.Replicas > 1 && tracking && !options.LimitsOnly)
    {
        // A fresh database, so the replicas start from the same empty tables as the single server did.
        var (replicaStore, replicaCleanup) = await CreateStoreAsync(backend, options);
        await using (var replicas = await ReplicaSet.StartAsync(replicaStore!, options.Replicas))
            await TrackingAsync(replicas.BaseAddress, $"{backend}, {options.Replicas} replicas behind YARP", options, results);
        await replicaCleanup();
    }
    if (backend == "postgres" && tracking)
    {
        // After the server has stopped, on the same database: the server's rates as a share of COPY's, same run.
        var limits = await PgLimits.RunAsync(storeUri, options.Seconds);
        results.AddRange(limits.Rows);
        limits.Rows.ForEach(Console.WriteLine);
        if (ingestRates.Length > 0)
        {
            results.Add($"| postgres | log-batch 1 / 4 / 16 clients as % of the 1,000,000-row COPY | "
                + string.Join(" / ", ingestRates.Select(r => $"{100 * r / limits.Copy:N0}%")) + " |");
            Console.WriteLine(results[^1]);
        }
    }
    if (backend == "mysql" && tracking)
    {
        results.AddRange(await MySqlLimits.RunAsync(storeUri, options.Seconds));
        Console.WriteLine(string.Join(Environment.NewLine, results[^2..]));
    }
    if (options.Auth && tracking)
    {
        // A database of its own: insert cost grows with the metrics table, so both runs start from an empty one.
        var (authStore, authCleanup) = await CreateStoreAsync(backend, options);
        await using var server = await ServerUnderTest.StartAsync(authStore!, auth: true, options.ServerDll);
        const string workspace = "bench-auth";
        using var admin = new MlflowClient(server.BaseAddress, workspace, MlflowClient.Basic("admin", ServerUnderTest.AdminPassword));
        await admin.CreateWorkspaceAsync();
        var token = await admin.CreateEditorTokenAsync($"bench-{Guid.NewGuid():N}"[..20]);
        using var client = new MlflowClient(server.BaseAddress, workspace, token);
        await WarmUpAsync(client, options.WarmUp);
        foreach (var clients in new[] { 1, 4, 16 })
        {
            var rate = await Ingest(client, clients, options.Seconds);
            results.Add($"| {backend} | log-batch with auth (an EDIT user's token), {clients} client(s) | {rate:N0} metric rows/s |");
            Console.WriteLine(results[^1]);
        }
        await server.DisposeAsync();
        await authCleanup();
    }
    if (options.Keep)
        Console.WriteLine($"kept {storeUri}");
    else
        await cleanup();
}
Console.WriteLine();
Console.WriteLine("| Backend | Measurement | Result |");
Console.WriteLine("|---|---|---|");
results.ForEach(Console.WriteLine);
return 0;

static async Task<double[]> TrackingAsync(Uri server, string backend, Options options, List<string> results)
{
    using var client = new MlflowClient(server, "bench");
    await client.CreateWorkspaceAsync();
    var rates = new List<double>();
    await WarmUpAsync(client, options.WarmUp);
    foreach (var clients in new[] { 1, 4, 16 })
    {
        var rate = await Ingest(client, clients, options.Seconds);
        rates.Add(rate);
        results.Add($"| {backend} | log-batch, {clients} client(s), 1,000 metrics/batch | {rate:N0} metric rows/s |");
        Console.WriteLine(results[^1]);
    }
    if (!options.IngestOnly)
    {
        var (p50, p95) = await Search(client, options.Runs);
        results.Add($"| {backend} | search-runs over {options.Runs:N0} runs (max_results 1000, metric filter, order by metric) | p50 {p50:N0} ms, p95 {p95:N0} ms |");
        Console.WriteLine(results[^1]);
        var history = await History(client, options.HistoryPoints);
        results.Add($"| {backend} | get-history of a {options.HistoryPoints:N0}-point metric | p50 {history:N0} ms |");
        Console.WriteLine(results[^1]);
    }
    return [.. rates];
}

// A fresh server compiles its hot paths twice (tiered JIT) over its first seconds of traffic; on 2 busy cores that
// takes longer than one phase's own 2-second warm-up, and the first measured phase (1 client) paid for it.
static async Task WarmUpAsync(MlflowClient client, int seconds)
{
    if (seconds > 0)
        await Ingest(client, 4, seconds, warmUp: 0);
}

static async Task<double> Ingest(MlflowClient client, int clients, int seconds, int warmUp = 2)
{
    var experiment = await client.CreateExperimentAsync($"ingest-{clients}-{Guid.NewGuid():N}");
    var runs = new List<string>();
    for (var i = 0; i < clients; i++)
        runs.Add(await client.CreateRunAsync(experiment, 1));
    // Bodies are built before the clock starts (the timestamp prefix changes per cycle so points stay unique),
    // so the measurement is the server's, not the JSON writer's.
    var bodies = Enumerable.Range(0, 50).Select(b => MlflowClient.Metrics("loss", 1000, b * 1000L, 1_700_000_000_000 + (b * 1000L))).ToArray();
    async Task<long> Drive(string run, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        var sent = 0L;
        while (watch.Elapsed < duration)
        {
            await client.LogBatchAsync(run, bodies[sent % bodies.Length].Replace("\"timestamp\":1", $"\"timestamp\":{(sent / bodies.Length) + 1}", StringComparison.Ordinal));
            sent++;
        }
        return sent;
    }
    // Warm-up (JIT, connection pools) is not measured.
    await Task.WhenAll(runs.Select(run => Drive(run, TimeSpan.FromSeconds(warmUp))));
    var stop = Stopwatch.StartNew();
    var batches = await Task.WhenAll(runs.Select(run => Drive(run, TimeSpan.FromSeconds(seconds))));
    return batches.Sum() * 1000.0 / stop.Elapsed.TotalSeconds;
}

static async Task<(double P50, double P95)> Search(MlflowClient client, int runCount)
{
    var experiment = await client.CreateExperimentAsync($"search-{Guid.NewGuid():N}");
    var seeded = 0;
    await Parallel.ForEachAsync(Enumerable.Range(0, runCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
    {
        var run = await client.CreateRunAsync(experiment, 1_700_000_000_000 + i);
        var metrics = string.Create(CultureInfo.InvariantCulture,
            $$"""[{"key":"loss","value":{{Random.Shared.NextDouble()}},"timestamp":1,"step":0},{"key":"acc","value":{{Random.Shared.NextDouble()}},"timestamp":1,"step":0}]""");
        await client.LogBatchAsync(run, metrics, $$"""[{"key":"lr","value":"{{i % 7}}"},{"key":"model","value":"m{{i % 3}}"}]""");
        if (Interlocked.Increment(ref seeded) % 5000 == 0)
            Console.WriteLine($"  seeded {seeded:N0} runs");
    });
    for (var i = 0; i < 2; i++)
        await client.SearchAsync(experiment, "metrics.loss < 0.5", "metrics.loss DESC", 1000);
    var timings = new List<double>();
    for (var i = 0; i < 20; i++)
    {
        var watch = Stopwatch.StartNew();
        var found = await client.SearchAsync(experiment, "metrics.loss < 0.5", "metrics.loss DESC", 1000);
        timings.Add(watch.Elapsed.TotalMilliseconds);
        if (found == 0)
            throw new InvalidOperationException("search returned no runs");
    }
    return (Percentile(timings, 0.5), Percentile(timings, 0.95));
}

static async Task<double> History(MlflowClient client, int points)
{
    var experiment = await client.CreateExperimentAsync($"history-{Guid.NewGuid():N}");
    var run = await client.CreateRunAsync(experiment, 1);
    for (var offset = 0; offset < points; offset += 1000)
        await client.LogBatchAsync(run, MlflowClient.Metrics("curve", Math.Min(1000, points - offset), offset, 1_700_000_000_000 + offset));
    for (var i = 0; i < 3; i++)
        await client.HistoryAsync(run, "curve");
    var timings = new List<double>();
    for (var i = 0; i < 20; i++)
    {
        var watch = Stopwatch.StartNew();
        var count = await client.HistoryAsync(run, "curve");
        timings.Add(watch.Elapsed.TotalMilliseconds);
        if (count != points)
            throw new InvalidOperationException($"history returned {count} points");
    }
    return Percentile(timings, 0.5);
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}

static async Task<(string? StoreUri, Func<Task> Cleanup)> CreateStoreAsync(string backend, Options options)
{
    var postgresUri = options.PostgresUri;
    if (backend == "mysql")
    {
        if (string.IsNullOrEmpty(options.MySqlUri))
            return (null, () => Task.CompletedTask);
        // The server creates the database on its first start, as it would in production.
        var database = $"ws_bench_{Guid.NewGuid():N}";
        var server = new UriBuilder(options.MySqlUri) { Path = "/" + database }.Uri.ToString();
        return (server, async () =>
        {
            MySql.Data.MySqlClient.MySqlConnection.ClearAllPools();
            await using var connection = new MySql.Data.MySqlClient.MySqlConnection(MySqlLimits.ConnectionString(options.MySqlUri));
            await connection.OpenAsync();
            await using var command = new MySql.Data.MySqlClient.MySqlCommand($"DROP DATABASE IF EXISTS `{database}`", connection);
            await command.ExecuteNonQueryAsync();
        });
    }
    if (backend == "sqlite")
    {
        var directory = Path.Combine(Path.GetTempPath(), "workspaces-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return ($"sqlite:///{Path.Combine(directory, "bench.db")}", () =>
        {
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        });
    }
    if (string.IsNullOrEmpty(postgresUri))
        return (null, () => Task.CompletedTask);
    var admin = new Uri(postgresUri);
    var name = $"ws_bench_{Guid.NewGuid():N}";
    var builder = new NpgsqlConnectionStringBuilder
    {
        Host = admin.Host, Port = admin.Port > 0 ? admin.Port : 5432, Database = admin.AbsolutePath.Trim('/'),
        Username = Uri.UnescapeDataString(admin.UserInfo.Split(':')[0]),
        Password = admin.UserInfo.Contains(':', StringComparison.Ordinal) ? Uri.UnescapeDataString(admin.UserInfo.Split(':', 2)[1]) : null,
    };
    await Execute(builder.ConnectionString, $"CREATE DATABASE \"{name}\"");
    var storeUri = $"{admin.Scheme}://{admin.UserInfo}@{admin.Host}:{builder.Port}/{name}";
    return (storeUri, async () =>
    {
        NpgsqlConnection.ClearAllPools();
        await Execute(builder.ConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    });
}

static async Task Execute(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

internal sealed record Options(int Runs, int HistoryPoints, int Seconds, string[] Backends, string? PostgresUri, string? MySqlUri, bool Keep, bool Auth,
    bool IngestOnly, bool Gateway, bool LimitsOnly, int WarmUp, string? ServerDll, int Replicas, bool Traces, int TraceCount)
{
    public static Options Parse(string[] args)
    {
        string? Value(string flag) => args.SkipWhile(a => a != flag).Skip(1).FirstOrDefault();
        int Number(string flag, int fallback) => Value(flag) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var backend = Value("--backend") ?? "both";
        return new Options(Number("--runs", 25_000), Number("--history", 100_000), Number("--seconds", 10),
            backend switch { "both" => ["sqlite", "postgres"], "all" => ["sqlite", "postgres", "mysql"], _ => [backend] },
            Value("--pg") ?? Environment.GetEnvironmentVariable("WORKSPACES_TEST_PG"), Value("--mysql") ?? Environment.GetEnvironmentVariable("WORKSPACES_TEST_MYSQL"),
            args.Contains("--keep"), args.Contains("--auth"), args.Contains("--ingest-only"), args.Contains("--gateway"),
            args.Contains("--limits-only"), Number("--warm-up", 10), Value("--server"), Number("--replicas", 1),
            args.Contains("--traces"), Number("--trace-count", 100_000));
    }
}
