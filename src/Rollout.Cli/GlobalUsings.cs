global using System.CommandLine;
global using Rollout.Common;
global using Rollout.Storage;
