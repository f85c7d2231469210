using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Node = System.Collections.Generic.Dictionary<string, object?>;

namespace Crm.Gateway.Tests;

/// <summary>
/// deploy/docker-compose.yml, deploy/k8s and deploy/Dockerfile held against deploy/crm, the script that runs
/// the system here: the same apps, each with every variable its start_service gives, wired to each other.
/// Files only: no Docker engine or cluster is needed, and nothing is built or started.
/// </summary>
public partial class DeploymentFilesTests
{
    private static readonly string Root = FindRoot();
    private static readonly StartService Up = StartService.Parse(File.ReadAllText(Path.Combine(Root, "deploy", "crm")));
    private static readonly Node Compose = Map(LoadYaml("deploy/docker-compose.yml").Single());
    private static readonly Node ComposeServices = Map(Compose["services"]);
    private static readonly IReadOnlyList<Node> Manifests = LoadManifests();

    // ---------------------------------------------------------------- docker-compose.yml

    [Fact]
    public void Every_app_deploy_crm_starts_is_a_compose_service_with_the_environment_start_service_gives()
    {
        foreach (var app in Up.Apps)
        {
            Assert.True(ComposeServices.ContainsKey(app), $"docker-compose.yml has no service '{app}'");
            var missing = Up.VariablesOf(app).Except(ComposeEnvironment(app).Keys).ToList();
            Assert.True(missing.Count == 0, $"compose service '{app}' lacks {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void Compose_apps_are_healthy_on_health_ready_and_wait_for_healthy_infrastructure()
    {
        foreach (var infra in new[] { "postgres", "rabbitmq" })
        {
            Assert.True(Map(ComposeServices[infra]).ContainsKey("healthcheck"), $"{infra} has no healthcheck");
        }
        foreach (var app in Up.Apps)
        {
            var service = Map(ComposeServices[app]);
            var test = string.Join(' ', List(Map(service["healthcheck"])["test"]));
            Assert.Contains("/health/ready", test, StringComparison.Ordinal);
            var dependsOn = Map(service["depends_on"]);
            Assert.All(dependsOn.Values, d => Assert.Equal("service_healthy", Map(d)["condition"]));
            Assert.All(dependsOn.Keys, d => Assert.Contains(d, ComposeServices.Keys));
            if (app != "gateway")
            {
                Assert.Contains("postgres", dependsOn.Keys);
                Assert.Contains("rabbitmq", dependsOn.Keys);
            }
        }
        // Published on 8080 unless CRM_GATEWAY_PORT says otherwise.
        Assert.Contains(List(Map(ComposeServices["gateway"])["ports"]), p => Str(p) is "8080:8080" or "${CRM_GATEWAY_PORT:-8080}:8080");
    }

    [Fact]
    public void Compose_service_addresses_name_compose_services_on_the_port_they_listen_on()
    {
        var gateway = ComposeEnvironment("gateway");
        foreach (var target in Up.Apps.Where(a => a != "gateway"))
        {
            Assert.True(gateway.ContainsKey($"Services__{target}"), $"the gateway has no Services__{target}");
        }
        foreach (var app in Up.Apps)
        {
            foreach (var (name, value) in ComposeEnvironment(app).Where(v => IsAddress(v.Key)))
            {
                var url = new Uri(value);
                Assert.True(ComposeServices.ContainsKey(url.Host), $"{app}: {name}={value} names no compose service");
                Assert.Equal(ListenPort(ComposeEnvironment(url.Host)["ASPNETCORE_URLS"]), url.Port);
            }
        }
    }

    [Fact]
    public void Compose_builds_each_app_from_the_Dockerfile_with_the_project_deploy_crm_runs()
    {
        foreach (var app in Up.Apps)
        {
            var build = Map(Map(ComposeServices[app])["build"]);
            Assert.Equal("deploy/Dockerfile", build["dockerfile"]);
            Assert.Equal(Root, Path.GetFullPath(Path.Combine(Root, "deploy", Str(build["context"]))).TrimEnd('/'));
            Assert.Equal(StartService.ProjectOf(app), Map(build["args"])["PROJECT"]);
        }
    }

    [Fact]
    public void Every_variable_compose_reads_is_in_the_env_template_and_no_secret_is_filled_in()
    {
        var template = EnvFile("deploy/docker/.env.example");
        var text = File.ReadAllText(Path.Combine(Root, "deploy", "docker-compose.yml"));
        foreach (Match use in ComposeVariable().Matches(text))
        {
            var name = use.Groups["name"].Value;
            Assert.True(template.ContainsKey(name), $"{name} is used by docker-compose.yml but not in deploy/docker/.env.example");
            if (use.Groups["required"].Success) Assert.Equal("", template[name]);
        }
    }

    // ---------------------------------------------------------------- Dockerfile

    [Fact]
    public void Every_Dockerfile_project_exists_and_its_project_references_are_copied_before_the_restore()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile"));
        // COPY <source>... <destination> from the build context (not --from another stage): the project files.
        var restore = dockerfile.IndexOf("dotnet restore", StringComparison.Ordinal);
        Assert.True(restore > 0, "deploy/Dockerfile does not run dotnet restore");
        var copied = DockerfileCopy().Matches(dockerfile[..restore])
            .SelectMany(m => m.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1))
            .Where(path => path.EndsWith(".csproj", StringComparison.Ordinal) || path.EndsWith(".props", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Directory.Packages.props", copied);
        Assert.Contains("Directory.Build.props", copied);

        var projects = Up.Apps.Select(StartService.ProjectOf)
            .Concat(DockerfileProjectArg().Matches(dockerfile).Select(m => m.Groups["path"].Value))
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (var project in projects)
        {
            Assert.True(File.Exists(Path.Combine(Root, project)), $"PROJECT {project} does not exist");
            foreach (var needed in WithReferences(project))
            {
                Assert.True(copied.Contains(needed), $"deploy/Dockerfile does not COPY {needed} (needed by {project}) before restoring");
            }
        }
        Assert.All(copied, path => Assert.True(File.Exists(Path.Combine(Root, path)), $"deploy/Dockerfile copies {path}, which does not exist"));
    }

    // ---------------------------------------------------------------- deploy/k8s

    [Fact]
    public void Every_manifest_is_in_the_kustomization_and_names_its_kind()
    {
        var listed = List(Kustomization()["resources"]).Select(Str).ToHashSet(StringComparer.Ordinal);
        var files = Directory.GetFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml").Select(f => Path.GetFileName(f))
            .Where(f => f != "kustomization.yaml").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(files.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.All(Manifests, m => Assert.False(string.IsNullOrEmpty(Name(m)) || !m.ContainsKey("apiVersion") || !m.ContainsKey("kind")));
    }

    [Fact]
    public void Every_app_deploy_crm_starts_is_a_k8s_Deployment_of_two_or_more_with_the_environment_start_service_gives()
    {
        foreach (var app in Up.Apps)
        {
            var deployment = Manifest("Deployment", app);
            Assert.True(int.Parse(Str(Map(deployment["spec"])["replicas"])) >= 2, $"{app} runs fewer than 2 replicas");
            var missing = Up.VariablesOf(app).Except(ContainerEnvironment(app).Keys).ToList();
            Assert.True(missing.Count == 0, $"k8s Deployment '{app}' lacks {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void K8s_apps_are_probed_on_health_ready_and_health_live_with_resources_a_Service_and_a_disruption_budget()
    {
        foreach (var app in Up.Apps)
        {
            var pod = Map(Map(Map(Manifest("Deployment", app)["spec"])["template"]));
            var labels = Map(Map(pod["metadata"])["labels"]);
            var container = Container(app);
            var ports = List(container["ports"]).Select(Map).ToList();

            foreach (var (probe, path) in new[] { ("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live") })
            {
                var get = Map(Map(container[probe])["httpGet"]);
                Assert.Equal(path, get["path"]);
                Assert.Contains(ports, p => Equals(p["name"], get["port"]) || Equals(p["containerPort"], get["port"]));
            }
            var resources = Map(container["resources"]);
            Assert.All(new[] { "requests", "limits" }, kind => Assert.True(Map(resources[kind]).ContainsKey("memory"), $"{app}: no memory {kind}"));
            Assert.True(Map(resources["requests"]).ContainsKey("cpu"), $"{app}: no cpu request");

            var service = Map(Manifest("Service", app)["spec"]);
            Assert.True(Selects(Map(service["selector"]), labels), $"Service {app} does not select the pods of Deployment {app}");
            Assert.All(List(service["ports"]).Select(Map), p => Assert.Contains(ports, c => Equals(c["name"], p["targetPort"]) || Equals(c["containerPort"], p["targetPort"])));

            var budget = Map(Manifest("PodDisruptionBudget", app)["spec"]);
            Assert.True(Selects(Map(Map(budget["selector"])["matchLabels"]), labels), $"the PodDisruptionBudget {app} does not select its pods");
        }
    }

    [Fact]
    public void K8s_addresses_name_k8s_Services_and_the_operators_clusters()
    {
        var postgres = Name(Manifests.Single(m => Equals(m["kind"], "Cluster")));
        var rabbit = Name(Manifests.Single(m => Equals(m["kind"], "RabbitmqCluster")));
        foreach (var app in Up.Apps)
        {
            var environment = ContainerEnvironment(app);
            foreach (var (name, value) in environment.Where(v => IsAddress(v.Key)))
            {
                var url = new Uri(value!);
                if (url.IsLoopback)
                {
                    Assert.Contains(List(Container(app)["ports"]).Select(Map), p => Equals(Str(p["containerPort"]), url.Port.ToString()));
                    continue;
                }
                var service = Map(Manifest("Service", url.Host)["spec"]);
                Assert.True(List(service["ports"]).Select(Map).Any(p => Str(p["port"]) == url.Port.ToString()), $"{app}: {name}={value}: Service {url.Host} has no port {url.Port}");
            }
            Assert.Contains($"Host={postgres}-rw;", environment["ConnectionStrings__Postgres"], StringComparison.Ordinal);
            Assert.Contains($"@{rabbit}:5672/", environment["ConnectionStrings__RabbitMq"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void K8s_secrets_come_from_the_templates_or_the_operators_and_every_reference_resolves()
    {
        var kustomization = Kustomization();
        var generated = List(kustomization["secretGenerator"]).Select(Map).ToDictionary(g => Str(g["name"]), StringComparer.Ordinal);
        var secrets = new Dictionary<string, IReadOnlySet<string>?>(StringComparer.Ordinal)
        {
            // Made by the operators, from the clusters' names.
            [Name(Manifests.Single(m => Equals(m["kind"], "Cluster"))) + "-app"] = new HashSet<string> { "username", "password" },
            [Name(Manifests.Single(m => Equals(m["kind"], "RabbitmqCluster"))) + "-default-user"] = new HashSet<string> { "username", "password" },
        };
        foreach (var (name, generator) in generated)
        {
            var envs = generator.TryGetValue("envs", out var files) ? List(files).Select(f => EnvFile($"deploy/k8s/{Str(f)}.example")) : [];
            var keys = envs.SelectMany(e => e.Keys)
                .Concat(generator.TryGetValue("files", out var named) ? List(named).Select(f => Path.GetFileName(Str(f))) : []);
            secrets[name] = keys.ToHashSet(StringComparer.Ordinal);
            Assert.All(envs.SelectMany(e => e.Values), v => Assert.Equal("", v));
        }

        foreach (var app in Up.Apps)
        {
            var container = Container(app);
            var defined = new HashSet<string>(StringComparer.Ordinal);
            foreach (var variable in List(container["env"]).Select(Map))
            {
                foreach (Match reference in K8sReference().Matches(variable.TryGetValue("value", out var v) ? Str(v) : ""))
                {
                    Assert.True(defined.Contains(reference.Groups["name"].Value), $"{app}: $({reference.Groups["name"].Value}) is used before it is defined");
                }
                defined.Add(Str(variable["name"]));
                if (variable.TryGetValue("valueFrom", out var from) && Map(from).TryGetValue("secretKeyRef", out var r))
                {
                    var secret = Str(Map(r)["name"]);
                    Assert.True(secrets.TryGetValue(secret, out var keys), $"{app}: no Secret {secret}");
                    Assert.Contains(Str(Map(r)["key"]), keys!);
                }
            }
            var pod = Map(Map(Map(Manifest("Deployment", app)["spec"])["template"])["spec"]);
            foreach (var volume in pod.TryGetValue("volumes", out var volumes) ? List(volumes).Select(Map) : [])
            {
                var secret = Str(Map(volume["secret"])["secretName"]);
                Assert.True(secrets.TryGetValue(secret, out var files), $"{app}: no Secret {secret} to mount");
                var mount = List(container["volumeMounts"]).Select(Map).Single(m => Equals(m["name"], volume["name"]));
                // Paths the app is told to read under the mount are files of the Secret.
                foreach (var path in ContainerEnvironment(app).Values.Where(p => p is not null && p.StartsWith(Str(mount["mountPath"]) + "/", StringComparison.Ordinal)))
                {
                    Assert.Contains(Path.GetFileName(path!), files!);
                }
            }
        }
    }

    [Fact]
    public void K8s_runs_PostgreSQL_and_RabbitMQ_as_three_node_clusters_with_a_database_for_each_service()
    {
        var postgres = Map(Manifests.Single(m => Equals(m["kind"], "Cluster") && Str(m["apiVersion"]).StartsWith("postgresql.cnpg.io/", StringComparison.Ordinal))["spec"]);
        Assert.Equal("3", postgres["instances"]);
        var initdb = Map(Map(postgres["bootstrap"])["initdb"]);
        var databases = List(initdb.GetValueOrDefault("postInitSQL") ?? new List<object?>()).Select(Str)
            .Select(sql => CreateDatabase().Match(sql)).Where(m => m.Success).Select(m => m.Groups["name"].Value)
            .Append(Str(initdb["database"])).ToHashSet(StringComparer.Ordinal);
        foreach (var app in Up.Apps.Where(a => a != "gateway"))
        {
            Assert.Contains($"crm_{app}", databases);
        }

        var rabbit = Map(Manifests.Single(m => Equals(m["kind"], "RabbitmqCluster") && Str(m["apiVersion"]).StartsWith("rabbitmq.com/", StringComparison.Ordinal))["spec"]);
        Assert.Equal("3", rabbit["replicas"]);
    }

    [Fact]
    public void K8s_gateway_is_behind_the_ingress_at_the_issuer_URL_and_gateway_and_sales_autoscale()
    {
        var ingress = Map(Manifests.Single(m => Equals(m["kind"], "Ingress"))["spec"]);
        var rule = Map(List(ingress["rules"]).Single());
        var backend = Map(Map(Map(List(Map(rule["http"])["paths"]).Single())["backend"])["service"]);
        Assert.Equal("gateway", backend["name"]);
        var tls = ingress.ContainsKey("tls") ? "https" : "http";
        Assert.Equal($"{tls}://{Str(rule["host"])}/", ContainerEnvironment("gateway")["Crm__Issuer"]);

        foreach (var app in new[] { "gateway", "sales" })
        {
            var target = Map(Map(Manifest("HorizontalPodAutoscaler", app)["spec"])["scaleTargetRef"]);
            Assert.Equal(("Deployment", app), (Str(target["kind"]), Str(target["name"])));
        }
    }

    // ---------------------------------------------------------------- deploy/crm

    /// <summary>The apps deploy/crm starts (SERVICES) and the variables its start_service gives each.</summary>
    private sealed partial class StartService(IReadOnlyList<string> apps, IReadOnlyDictionary<string, HashSet<string>> onlyFor, HashSet<string> forAll)
    {
        public IReadOnlyList<string> Apps => apps;

        public HashSet<string> VariablesOf(string app) =>
            forAll.Concat(onlyFor.GetValueOrDefault(app) ?? []).ToHashSet(StringComparer.Ordinal);

        /// <summary>deploy/crm's svc_dir: gateway/Crm.Gateway, else services/{name}/Crm.{Name}.</summary>
        public static string ProjectOf(string app) => app == "gateway"
            ? "gateway/Crm.Gateway/Crm.Gateway.csproj"
            : $"services/{app}/Crm.{char.ToUpperInvariant(app[0])}{app[1..]}/Crm.{char.ToUpperInvariant(app[0])}{app[1..]}.csproj";

        public static StartService Parse(string script)
        {
            var apps = ServicesList().Match(script).Groups["apps"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var body = script[script.IndexOf("\nstart_service() {", StringComparison.Ordinal)..];
            body = body[..body.IndexOf("\n}\n", StringComparison.Ordinal)];

            var forAll = new HashSet<string>(StringComparer.Ordinal);
            var onlyFor = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            string? only = null;
            foreach (var line in body.Split('\n'))
            {
                if (OnlyForApp().Match(line) is { Success: true } condition) only = condition.Groups["app"].Value;
                if (line.Trim() == "fi") only = null;
                var excluded = SkippedInLoop().Match(line) is { Success: true } skip ? skip.Groups["app"].Value : null;
                foreach (var name in EnvEntry().Matches(line).Select(m => m.Groups["name"].Value))
                {
                    // "Services__$s=..." in the loop over SERVICES: one variable per app the loop does not skip.
                    var names = name.EndsWith("$s", StringComparison.Ordinal)
                        ? apps.Where(a => a != excluded).Select(a => name[..^2] + a)
                        : [name];
                    var into = only is null ? forAll : onlyFor.TryGetValue(only, out var set) ? set : (onlyFor[only] = new(StringComparer.Ordinal));
                    into.UnionWith(names);
                }
            }

            // If the script's shape changes, say so rather than compare against too little.
            Assert.True(apps.Length == 6 && forAll.Contains("ConnectionStrings__Postgres") && forAll.Contains("Crm__ServiceClient__Secret")
                && onlyFor.GetValueOrDefault("identity")?.Contains("Identity__Clients__0__ClientId") == true
                && onlyFor.GetValueOrDefault("gateway")?.Count(n => n.StartsWith("Services__", StringComparison.Ordinal)) == 5,
                "deploy/crm's SERVICES or start_service no longer reads as this test expects");
            return new StartService(apps, onlyFor, forAll);
        }

        [GeneratedRegex(@"^SERVICES=\((?<apps>[^)]*)\)", RegexOptions.Multiline)]
        private static partial Regex ServicesList();

        [GeneratedRegex(@"if \[\[ ""\$name"" == (?<app>\w+) \]\]")]
        private static partial Regex OnlyForApp();

        [GeneratedRegex(@"\[\[ ""\$s"" == (?<app>\w+) \]\] \|\|")]
        private static partial Regex SkippedInLoop();

        [GeneratedRegex(@"(?:^\s*|env\+?=\()""(?<name>[A-Za-z_][A-Za-z0-9_]*(?:\$s)?)=")]
        private static partial Regex EnvEntry();
    }

    // ---------------------------------------------------------------- reading the files

    private static Dictionary<string, string> ComposeEnvironment(string service) =>
        Map(ComposeServices[service])["environment"] switch
        {
            Node map => map.ToDictionary(e => e.Key, e => Str(e.Value), StringComparer.Ordinal),
            List<object?> list => list.Select(Str).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.ElementAtOrDefault(1) ?? "", StringComparer.Ordinal),
            _ => [],
        };

    private static Node Container(string app) =>
        Map(List(Map(Map(Map(Manifest("Deployment", app)["spec"])["template"])["spec"])["containers"]).Single());

    /// <summary>The container's variables: its env list over the ConfigMaps it takes whole (envFrom), as Kubernetes does.</summary>
    private static Dictionary<string, string?> ContainerEnvironment(string app)
    {
        var container = Container(app);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var source in container.TryGetValue("envFrom", out var from) ? List(from).Select(Map) : [])
        {
            var configMap = Str(Map(source["configMapRef"])["name"]);
            foreach (var (key, value) in Map(Manifest("ConfigMap", configMap)["data"])) environment[key] = Str(value);
        }
        foreach (var variable in List(container["env"]).Select(Map))
        {
            environment[Str(variable["name"])] = variable.TryGetValue("value", out var value) ? Str(value) : null;
        }
        return environment;
    }

    private static Node Manifest(string kind, string name) =>
        Manifests.SingleOrDefault(m => Equals(m["kind"], kind) && Name(m) == name)
        ?? throw new Xunit.Sdk.XunitException($"deploy/k8s has no {kind} '{name}'");

    private static Node Kustomization() => Map(LoadYaml("deploy/k8s/kustomization.yaml").Single());

    private static List<Node> LoadManifests() =>
        [.. List(Kustomization()["resources"]).SelectMany(file => LoadYaml($"deploy/k8s/{Str(file)}")).Select(Map)];

    /// <summary>Every document of a YAML file, anchors and merge keys (&lt;&lt;) resolved, as plain maps, lists and strings.</summary>
    private static List<object?> LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Root, path)));
        stream.Load(new MergingParser(new Parser(reader)));
        return stream.Documents.Select(d => Plain(d.RootNode)).ToList();
    }

    private static object? Plain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => Plain(e.Value), StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(Plain).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static Dictionary<string, string> EnvFile(string path) =>
        File.ReadAllLines(Path.Combine(Root, path))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>The project and every project it references, transitively, as paths from the repository root.</summary>
    private static HashSet<string> WithReferences(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next)) continue;
            var folder = Path.GetDirectoryName(Path.Combine(Root, next))!;
            foreach (var reference in XDocument.Load(Path.Combine(Root, next)).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value))).Replace('\\', '/'));
            }
        }
        return seen;
    }

    private static bool IsAddress(string variable) => variable.StartsWith("Services__", StringComparison.Ordinal) || variable == "Crm__Authority";

    private static int ListenPort(string urls) => int.Parse(ListenUrlPort().Match(urls).Groups["port"].Value);

    private static bool Selects(Node selector, Node labels) => selector.All(s => labels.TryGetValue(s.Key, out var v) && Equals(v, s.Value));

    private static string Name(Node manifest) => Str(Map(manifest["metadata"])["name"]);

    private static Node Map(object? node) => Assert.IsType<Node>(node);

    private static List<object?> List(object? node) => Assert.IsType<List<object?>>(node);

    private static string Str(object? node) => Assert.IsType<string>(node);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crm.sln")) && File.Exists(Path.Combine(dir.FullName, "deploy", "crm"))) return dir.FullName;
        }
        throw new InvalidOperationException("Run from a checkout: no folder above the test binaries holds Crm.sln and deploy/crm.");
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<required>:\?)?")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"^COPY (?!.*--from)(?<args>.+)$", RegexOptions.Multiline)]
    private static partial Regex DockerfileCopy();

    [GeneratedRegex(@"PROJECT=(?<path>\S+\.csproj)")]
    private static partial Regex DockerfileProjectArg();

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex K8sReference();

    [GeneratedRegex(@"^CREATE DATABASE (?<name>\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateDatabase();

    [GeneratedRegex(@":(?<port>\d+)/?$")]
    private static partial Regex ListenUrlPort();
}
