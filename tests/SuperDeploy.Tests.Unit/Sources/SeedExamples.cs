namespace SuperDeploy.Tests.Unit.Sources;

/// <summary>
/// The YAML and Procfile examples of /work/shared/seed/process-based-deployment.md, verbatim (trailing spaces included).
/// Examples that are a fragment of config.yml are wrapped by <see cref="Wrap"/>.
/// </summary>
internal static class SeedExamples
{
    /// <summary>The big `apps:` example under "config.yml - Process Definitions".</summary>
    public const string ConfigExample = """
apps:
  api:
    type: python
    path: /path/to/api
    vm: app
    domain: api.cheapa.io
    addons:
      - databases.primary as DB
      - queues.main as RABBITMQ
    
    # Process definitions (Heroku Procfile-like)
    processes:
      web:
        command: gunicorn app:app --bind 0.0.0.0:$PORT --workers 4
        port: 8000
        replicas: 2
      
      worker:
        command: python craft queue:work --tries=3
        replicas: 5
      
      release:
        command: python craft migrate --force
        run_on: deploy  # Runs once on deployment
""";

    /// <summary>"Usage", step 1: define processes in config.yml.</summary>
    public const string UsageExample = """
apps:
  myapp:
    type: python
    path: /path/to/myapp
    processes:
      web:
        command: gunicorn app:app
        port: 8000
        replicas: 2
      worker:
        command: celery worker
        replicas: 5
""";

    /// <summary>"Process Types": web.</summary>
    public const string WebProcess = """
web:
  command: gunicorn app:app --bind 0.0.0.0:$PORT
  port: 8000        # Required for web processes
  replicas: 2       # Optional, default: 1
""";

    /// <summary>"Process Types": worker.</summary>
    public const string WorkerProcess = """
worker:
  command: python craft queue:work
  replicas: 5       # Scale independently
""";

    /// <summary>"Process Types": release.</summary>
    public const string ReleaseProcess = """
release:
  command: python craft migrate --force
  run_on: deploy    # Runs once per deployment
""";

    /// <summary>"Process Types": cron (Future).</summary>
    public const string CronProcess = """
scheduler:
  command: python craft schedule:run
  schedule: "0 * * * *"  # Every hour
""";

    /// <summary>"Architecture", Before: one app per process, with process_type.</summary>
    public const string BeforeDuplicateEntries = """
apps:
  api:
    type: python
    process_type: web
    replicas: 2
    
  api-worker:  # Duplicate!
    type: python
    process_type: worker
    path: /same/path/as/api  # Same codebase!
    replicas: 5
""";

    /// <summary>"Architecture", After: flow mappings.</summary>
    public const string AfterProcessBased = """
apps:
  api:
    type: python
    path: /path/to/api
    processes:
      web: {command: "...", replicas: 2}
      worker: {command: "...", replicas: 5}
""";

    /// <summary>"Docker Compose Generation": flow mappings.</summary>
    public const string ComposeGenerationInput = """
processes:
  web: {command: "gunicorn...", port: 8000, replicas: 2}
  worker: {command: "celery...", replicas: 5}
""";

    /// <summary>"Migration Path", old format.</summary>
    public const string MigrationOldFormat = """
apps:
  api:
    type: web  # Wrong!
    replicas: 1
    port: 8000
""";

    /// <summary>"Migration Path", new format.</summary>
    public const string MigrationNewFormat = """
apps:
  api:
    type: python  # App technology
    processes:
      web:
        command: gunicorn app:app
        port: 8000
        replicas: 1
""";

    /// <summary>"Future Enhancements" 1: `procfile: true`.</summary>
    public const string ExternalProcfileConfig = """
apps:
  myapp:
    type: python
    path: /path/to/myapp
    procfile: true  # Use app/Procfile instead of config.yml
""";

    /// <summary>"Future Enhancements" 1: the Procfile.</summary>
    public const string ExternalProcfile = """
# /path/to/myapp/Procfile (Heroku-compatible)
web: gunicorn app:app
worker: celery worker
release: python manage.py migrate
""";

    /// <summary>"Future Enhancements" 2: process-level resources.</summary>
    public const string ProcessLevelResources = """
processes:
  web:
    command: gunicorn...
    resources:
      memory: 512M
      cpu: 0.5
  
  worker:
    command: celery...
    resources:
      memory: 2G  # More memory for workers
      cpu: 1.0
""";

    /// <summary>"Future Enhancements" 3: process dependencies.</summary>
    public const string ProcessDependencies = """
processes:
  web:
    command: gunicorn...
    depends_on: [release]  # Wait for migrations
  
  worker:
    command: celery...
    depends_on: [web]  # Start after web is healthy
""";

    /// <summary>"Examples": Python app.</summary>
    public const string PythonApp = """
api:
  type: python
  path: ~/code/api
  processes:
    web:
      command: gunicorn app:app --bind 0.0.0.0:$PORT --workers 4
      port: 8000
      replicas: 2
    
    worker:
      command: python craft queue:work --tries=3
      replicas: 5
    
    release:
      command: python craft migrate --force
      run_on: deploy
""";

    /// <summary>"Examples": Next.js app.</summary>
    public const string NextJsApp = """
storefront:
  type: nextjs
  path: ~/code/storefront
  processes:
    web:
      command: npm run start
      port: 3000
      replicas: 1
""";

    /// <summary>"Examples": microservices architecture.</summary>
    public const string Microservices = """
user-service:
  type: python
  path: ~/services/users
  processes:
    web: {command: "uvicorn main:app", port: 8001, replicas: 3}
    worker: {command: "celery -A tasks worker", replicas: 2}

order-service:
  type: python
  path: ~/services/orders
  processes:
    web: {command: "uvicorn main:app", port: 8002, replicas: 3}
    worker: {command: "celery -A tasks worker", replicas: 5}
""";

    /// <summary>An app fragment (`api:` ...) or a processes fragment (`processes:` ...) as a whole config.yml.</summary>
    public static string Wrap(string fragment, string? app = null)
    {
        var indent = app is null ? "  " : "    ";
        var body = string.Join("\n", fragment.Split('\n').Select(line => line.Length == 0 ? line : indent + line));
        return app is null ? $"apps:\n{body}\n" : $"apps:\n  {app}:\n{body}\n";
    }
}
