global using NodaTime;
global using Rollout.Common;
