namespace SuperDeploy.Model;

/// <summary>The kinds of addon SuperDeploy can run; each has its official image, port, credentials and health check (<see cref="AddonTypes"/>).</summary>
public enum AddonType
{
    Postgres,
    Redis,
    Rabbitmq,
}
