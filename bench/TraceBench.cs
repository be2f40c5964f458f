using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Npgsql;
using Workspaces.Api.Otlp.Proto;

namespace Workspaces.Bench;

/// <summary>
/// Tracing (issue 19), <c>--traces</c>: OTLP ingest of 10-span traces through <c>POST /v1/traces</c> (protobuf, built with
/// the server's own generated OTLP messages) and search-traces with a tag filter over a large experiment. The searched
/// traces are written with COPY straight into the trace tables (PostgreSQL only): 100,000 traces through OTLP would take
/// minutes per run, and the measurement is the search, which always goes through the real server.
/// </summary>
internal static class TraceBench
{
    private const int SpansPerTrace = 10;
    private const string Workspace = "bench";

    public static async Task<List<string>> RunAsync(Uri server, string backend, string storeUri, Options options)
    {
        var rows = new List<string>();
        using var client = new MlflowClient(server, Workspace);
        await client.CreateWorkspaceAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseCookies = false })
        {
            BaseAddress = server, Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Add("X-MLFLOW-WORKSPACE", Workspace);
        if (options.WarmUp > 0)
            await IngestAsync(http, await client.CreateExperimentAsync($"otlp-warm-{Guid.NewGuid():N}"), 4, 1, options.WarmUp, warmUp: 0);
        // One trace per request is what MLflow's own exporter sends (a trace when its root span ends); 50 per request
        // is close to an OpenTelemetry BatchSpanProcessor's 512-span export batch.
        foreach (var tracesPerRequest in new[] { 1, 50 })
        {
            var rates = new List<double>();
            foreach (var clients in new[] { 1, 4 })
            {
                var experiment = await client.CreateExperimentAsync($"otlp-{tracesPerRequest}-{clients}-{Guid.NewGuid():N}");
                rates.Add(await IngestAsync(http, experiment, clients, tracesPerRequest, options.Seconds));
                Console.WriteLine($"  OTLP {tracesPerRequest} trace(s)/request, {clients} client(s): {rates[^1]:N0} spans/s");
            }
            rows.Add($"| {backend} | OTLP POST /v1/traces (protobuf), 10-span traces, {tracesPerRequest} trace(s) per request, 1 / 4 clients | "
                + string.Join(" / ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture))) + " spans/s |");
            Console.WriteLine(rows[^1]);
        }
        if (backend != "postgres")
        {
            Console.WriteLine($"  search-traces skipped on {backend}: the {options.TraceCount:N0} traces are seeded with PostgreSQL's COPY");
            return rows;
        }
        var searched = await client.CreateExperimentAsync($"trace-search-{Guid.NewGuid():N}");
        var seed = Stopwatch.StartNew();
        await SeedAsync(storeUri, long.Parse(searched, CultureInfo.InvariantCulture), options.TraceCount);
        Console.WriteLine($"  seeded {options.TraceCount:N0} traces with COPY in {seed.Elapsed.TotalSeconds:N1} s");
        // 10% of the traces match the first filter, 0.1% the second: the page fills early, or only after most of the experiment.
        foreach (var (filter, share, matches) in new[] { ("tag.group = 'g7'", "10%", options.TraceCount / 10), ("tag.rare = 'r7'", "0.1%", options.TraceCount / 1000) })
        {
            var (p50, p95) = await SearchAsync(http, searched, filter, Math.Min(100, matches));
            rows.Add($"| {backend} | search-traces over {options.TraceCount:N0} traces, `{filter}` ({share} match), max_results 100 | p50 {p50:N0} ms, p95 {p95:N0} ms |");
            Console.WriteLine(rows[^1]);
        }
        return rows;
    }

    private static async Task<double> IngestAsync(HttpClient http, string experimentId, int clients, int tracesPerRequest, int seconds, int warmUp = 2)
    {
        async Task<long> Drive(TimeSpan duration)
        {
            var watch = Stopwatch.StartNew();
            var spans = 0L;
            while (watch.Elapsed < duration)
            {
                // Building a request takes microseconds per trace against the server's milliseconds; fresh ids every time.
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new ByteArrayContent(Build(tracesPerRequest).ToByteArray()) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                request.Headers.Add("x-mlflow-experiment-id", experimentId);
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"/v1/traces: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                spans += tracesPerRequest * SpansPerTrace;
            }
            return spans;
        }
        if (warmUp > 0)
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Drive(TimeSpan.FromSeconds(warmUp))));
        var stop = Stopwatch.StartNew();
        var sent = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Drive(TimeSpan.FromSeconds(seconds))));
        return sent.Sum() / stop.Elapsed.TotalSeconds;
    }

    /// <summary>An export of <paramref name="traces"/> agent-like traces: a root span and nine children (LLM and tool calls).</summary>
    public static ExportTraceServiceRequest Build(int traces)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "workspaces.bench", Version = "1" } };
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        for (var t = 0; t < traces; t++)
        {
            var traceId = Id(16);
            var rootId = Id(8);
            scope.Spans.Add(Span(traceId, rootId, ByteString.Empty, "agent", "AGENT", now, now + 900_000_000,
                "{\"question\":\"What is the capital of France?\"}", "{\"answer\":\"Paris\"}"));
            for (var i = 1; i < SpansPerTrace; i++)
            {
                var start = now + ((ulong)i * 80_000_000);
                scope.Spans.Add(i % 2 == 1
                    ? Span(traceId, Id(8), rootId, "chat", "LLM", start, start + 70_000_000,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}", "{\"content\":\"Paris\"}")
                    : Span(traceId, Id(8), rootId, "search_docs", "TOOL", start, start + 20_000_000, "{\"query\":\"capital of France\"}",
                        "[\"Paris is the capital of France.\"]"));
            }
        }
        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", "bench-agent"));
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { scope } } } };
    }

    // MLflow's clients store span attributes as JSON text (a span type is the JSON string "\"LLM\"").
    private static Span Span(ByteString traceId, ByteString spanId, ByteString parent, string name, string type, ulong start, ulong end, string inputs, string outputs) => new()
    {
        TraceId = traceId, SpanId = spanId, ParentSpanId = parent, Name = name, Kind = Workspaces.Api.Otlp.Proto.Span.Types.SpanKind.Internal,
        StartTimeUnixNano = start, EndTimeUnixNano = end,
        Attributes = { Attribute("mlflow.spanType", JsonSerializer.Serialize(type)), Attribute("mlflow.spanInputs", inputs), Attribute("mlflow.spanOutputs", outputs) },
        Status = new Status { Code = Status.Types.StatusCode.Ok },
    };

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static ByteString Id(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>
    /// Trace rows as span ingest leaves them (info with previews, the trace name tag, the schema-version metadata) plus
    /// the two searched tags; then ANALYZE, as autovacuum would have done on a database that grew this large over time.
    /// </summary>
    private static async Task SeedAsync(string storeUri, long experimentId, int count)
    {
        await using var connection = new NpgsqlConnection(PgLimits.ConnectionString(storeUri));
        await connection.OpenAsync();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (count * 1000L);
        static string Id(int i) => "tr-" + i.ToString("x32", CultureInfo.InvariantCulture);
        await CopyAsync(connection, "trace_info (request_id, experiment_id, timestamp_ms, execution_time_ms, status, request_preview, response_preview)",
            count, (sb, i) => sb.Append(CultureInfo.InvariantCulture,
                $"{Id(i)}\t{experimentId}\t{start + (i * 1000L)}\t{300 + (i % 900)}\tOK\t{{\"question\":\"question {i}\"}}\t{{\"answer\":\"answer {i}\"}}\n"));
        await CopyAsync(connection, "trace_tags (request_id, key, value)", count, (sb, i) => sb.Append(CultureInfo.InvariantCulture,
            $"{Id(i)}\tmlflow.traceName\tagent-{i % 10}\n{Id(i)}\tmlflow.trace.spansLocation\tTRACKING_STORE\n{Id(i)}\tgroup\tg{i % 10}\n{Id(i)}\trare\tr{i % 1000}\n"));
        await CopyAsync(connection, "trace_request_metadata (request_id, key, value)", count, (sb, i) => sb.Append(CultureInfo.InvariantCulture,
            $"{Id(i)}\tmlflow.trace_schema.version\t3\n{Id(i)}\tmlflow.trace.user\tuser-{i % 50}\n"));
        await using var analyze = new NpgsqlCommand("ANALYZE trace_info, trace_tags, trace_request_metadata", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, int count, Action<StringBuilder, int> row)
    {
        await using var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN");
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            row(sb, i);
            if (sb.Length > 1 << 20)
            {
                await writer.WriteAsync(sb.ToString());
                sb.Clear();
            }
        }
        await writer.WriteAsync(sb.ToString());
    }

    private static async Task<(double P50, double P95)> SearchAsync(HttpClient http, string experimentId, string filter, int expected)
    {
        var body = $$$"""{"locations":[{"type":"MLFLOW_EXPERIMENT","mlflow_experiment":{"experiment_id":"{{{experimentId}}}"}}],"filter":{{{JsonSerializer.Serialize(filter)}}},"max_results":100}""";
        async Task<int> Search()
        {
            using var response = await http.PostAsync("/api/3.0/mlflow/traces/search", new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"traces/search: {(int)response.StatusCode} {text}");
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("traces", out var traces) ? traces.GetArrayLength() : 0;
        }
        for (var i = 0; i < 2; i++)
            await Search();
        var timings = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            var found = await Search();
            timings.Add(watch.Elapsed.TotalMilliseconds);
            if (found != expected)
                throw new InvalidOperationException($"search-traces returned {found} traces, expected {expected}");
        }
        var sorted = timings.Order().ToList();
        return (sorted[(int)Math.Ceiling(0.5 * sorted.Count) - 1], sorted[(int)Math.Ceiling(0.95 * sorted.Count) - 1]);
    }
}
