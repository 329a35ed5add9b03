/** The games whose fleets fill the seed: enough variety (OS, engine, file layout) for realistic logs. */
export interface GameProfile {
  readonly slug: string;
  readonly title: string;
  readonly operatingSystem: string;
  readonly instanceTypes: readonly string[];
  /** Install root on the instance; Windows paths use backslashes in logs and messages. */
  readonly root: string;
  /** Relative to root, '/'-separated. */
  readonly launchPath: string;
  readonly launchParameters: string;
  readonly installScript: string;
  /** Commands the install script runs, one installer log section each. */
  readonly installSteps: readonly string[];
  /** Build contents, relative to root, with sizes in bytes. */
  readonly files: readonly (readonly [path: string, bytes: number])[];
}

export const isWindows = (game: GameProfile): boolean => game.operatingSystem.startsWith('WINDOWS');

export function onInstance(game: GameProfile, relative: string): string {
  return isWindows(game) ? `${game.root}\\${relative.replaceAll('/', '\\')}` : `${game.root}/${relative}`;
}

const LINUX = { root: '/local/game', installScript: 'install.sh' } as const;
const WINDOWS = { root: 'C:\\game', installScript: 'install.bat' } as const;

export const GAMES = {
  battleRoyale: {
    ...LINUX,
    slug: 'battle-royale',
    title: 'Battle Royale',
    operatingSystem: 'AMAZON_LINUX_2023',
    instanceTypes: ['c5.2xlarge', 'c5.xlarge', 'c6i.2xlarge'],
    launchPath: 'BattleRoyale/Binaries/Linux/BattleRoyaleServer',
    launchParameters: '-port=7777 -log -NOSTEAM',
    installSteps: ['dnf install -y libicu openssl-libs', 'chmod +x BattleRoyale/Binaries/Linux/BattleRoyaleServer'],
    files: [
      ['BattleRoyaleServer.sh', 1_204],
      ['BattleRoyale/Binaries/Linux/BattleRoyaleServer', 212_993_416],
      ['BattleRoyale/Binaries/Linux/libsteam_api.so', 421_376],
      ['BattleRoyale/Binaries/Linux/libaws-cpp-sdk-gamelift-server.so', 2_511_872],
      ['BattleRoyale/Content/Paks/pakchunk0-LinuxServer.pak', 1_402_331_904],
      ['BattleRoyale/Content/Paks/pakchunk1-LinuxServer.pak', 611_090_432],
      ['BattleRoyale/Config/DefaultGame.ini', 8_313],
      ['Engine/Binaries/Linux/libc++.so.1', 1_036_288],
      ['Engine/Config/BaseEngine.ini', 96_112],
      ['install.sh', 612],
    ],
  },
  kartRacer: {
    ...WINDOWS,
    slug: 'kart-racer',
    title: 'Kart Racer',
    operatingSystem: 'WINDOWS_2016',
    instanceTypes: ['c5.large', 'c5.xlarge'],
    launchPath: 'KartRacerServer.exe',
    launchParameters: '-batchmode -nographics -port 7777',
    installSteps: ['vc_redist.x64.exe /install /quiet /norestart', 'netsh advfirewall firewall add rule name="KartRacer" dir=in action=allow protocol=UDP localport=7777-7800'],
    files: [
      ['KartRacerServer.exe', 651_264],
      ['UnityPlayer.dll', 28_315_648],
      ['KartRacerServer_Data/data.unity3d', 903_117_824],
      ['KartRacerServer_Data/Managed/Assembly-CSharp.dll', 3_407_872],
      ['KartRacerServer_Data/Managed/GameLiftServerSDK.dll', 1_187_840],
      ['KartRacerServer_Data/Plugins/x86_64/steam_api64.dll', 298_384],
      ['vc_redist.x64.exe', 25_391_768],
      ['install.bat', 344],
    ],
  },
  spaceTactics: {
    ...LINUX,
    slug: 'space-tactics',
    title: 'Space Tactics',
    operatingSystem: 'AMAZON_LINUX_2',
    instanceTypes: ['m5.large', 'c5.large'],
    launchPath: 'SpaceTacticsServer.x86_64',
    launchParameters: '-batchmode -nographics -logFile /local/game/logs/server.log',
    installSteps: ['yum install -y libicu', 'mkdir -p logs'],
    files: [
      ['SpaceTacticsServer.x86_64', 27_112],
      ['UnityPlayer.so', 31_985_664],
      ['SpaceTacticsServer_Data/data.unity3d', 455_081_984],
      ['SpaceTacticsServer_Data/Managed/Assembly-CSharp.dll', 2_097_152],
      ['SpaceTacticsServer_Data/Managed/GameLiftServerSDK.dll', 1_187_840],
      ['install.sh', 188],
    ],
  },
  dungeonCrawl: {
    ...WINDOWS,
    slug: 'dungeon-crawl',
    title: 'Dungeon Crawl',
    operatingSystem: 'WINDOWS_2022',
    instanceTypes: ['c5.xlarge', 'm5.xlarge'],
    launchPath: 'DungeonCrawl/Binaries/Win64/DungeonCrawlServer.exe',
    launchParameters: '-port=7777 -log',
    installSteps: ['Engine\\Extras\\Redist\\en-us\\UEPrereqSetup_x64.exe /quiet'],
    files: [
      ['DungeonCrawlServer.exe', 214_016],
      ['DungeonCrawl/Binaries/Win64/DungeonCrawlServer.exe', 188_772_352],
      ['DungeonCrawl/Binaries/Win64/aws-cpp-sdk-gamelift-server.dll', 2_211_840],
      ['DungeonCrawl/Content/Paks/DungeonCrawl-WindowsServer.pak', 2_086_666_240],
      ['Engine/Extras/Redist/en-us/UEPrereqSetup_x64.exe', 39_182_344],
      ['install.bat', 97],
    ],
  },
  arenaShooter: {
    ...LINUX,
    slug: 'arena-shooter',
    title: 'Arena Shooter',
    operatingSystem: 'AMAZON_LINUX_2023',
    instanceTypes: ['c6g.large', 'c6g.xlarge', 'c7g.xlarge'],
    launchPath: 'bin/arena_server',
    launchParameters: '--port 7777 --tickrate 128',
    installSteps: ['dnf install -y libatomic', 'ldconfig /local/game/lib'],
    files: [
      ['bin/arena_server', 18_874_368],
      ['lib/libaws-cpp-sdk-gamelift-server.so', 2_478_080],
      ['lib/libprotobuf.so.32', 3_342_336],
      ['maps/dust.bsp', 88_080_384],
      ['maps/foundry.bsp', 104_857_600],
      ['maps/skyline.bsp', 73_400_320],
      ['config/server.cfg', 2_048],
      ['install.sh', 402],
    ],
  },
  mmoShard: {
    ...LINUX,
    slug: 'mmo-shard',
    title: 'MMO Shard',
    operatingSystem: 'AMAZON_LINUX_2023',
    instanceTypes: ['r5.xlarge', 'm6i.2xlarge'],
    launchPath: 'bin/shardd',
    launchParameters: '--config /local/game/config/shard.toml',
    installSteps: ['useradd --system shard || true', 'install -d -o shard /local/game/data'],
    files: [
      ['bin/shardd', 41_943_040],
      ['config/shard.toml', 4_113],
      ['data/world.db', 1_610_612_736],
      ['data/navmesh.bin', 268_435_456],
      ['install.sh', 256],
    ],
  },
  ninjaKart: {
    ...WINDOWS,
    slug: 'ninja-kart',
    title: 'Ninja Kart',
    operatingSystem: 'WINDOWS_2022',
    instanceTypes: ['c5.xlarge', 'c6i.xlarge'],
    launchPath: 'NinjaKartServer.exe',
    launchParameters: '-batchmode -nographics -locale ja-JP -port 7777',
    installSteps: ['vc_redist.x64.exe /install /quiet /norestart'],
    files: [
      ['NinjaKartServer.exe', 652_800],
      ['UnityPlayer.dll', 28_315_648],
      ['NinjaKartServer_Data/data.unity3d', 1_233_125_376],
      ['NinjaKartServer_Data/Managed/GameLiftServerSDK.dll', 1_187_840],
      ['vc_redist.x64.exe', 25_391_768],
      ['install.bat', 61],
    ],
  },
  cardDuel: {
    ...LINUX,
    slug: 'card-duel',
    title: 'Card Duel',
    operatingSystem: 'AMAZON_LINUX_2',
    instanceTypes: ['c5.large'],
    launchPath: 'card-duel.js',
    launchParameters: '',
    installSteps: [],
    files: [
      ['card-duel.js', 14_336],
      ['rules/deck.js', 6_144],
      ['rules/scoring.js', 3_072],
      ['package.json', 412],
    ],
  },
  triviaParty: {
    ...LINUX,
    slug: 'trivia-party',
    title: 'Trivia Party',
    operatingSystem: 'AMAZON_LINUX_2',
    instanceTypes: ['c5.large'],
    launchPath: 'trivia.js',
    launchParameters: '',
    installSteps: [],
    files: [
      ['trivia.js', 9_216],
      ['questions/general.json', 482_304],
      ['package.json', 377],
    ],
  },
} as const satisfies Record<string, GameProfile>;

/** Games shipped as builds on EC2; the generated fleets cycle through these. */
export const BUILD_GAMES: readonly GameProfile[] = [
  GAMES.battleRoyale,
  GAMES.kartRacer,
  GAMES.spaceTactics,
  GAMES.dungeonCrawl,
  GAMES.arenaShooter,
  GAMES.mmoShard,
  GAMES.ninjaKart,
];

/** Games shipped as Realtime scripts. */
export const SCRIPT_GAMES: readonly GameProfile[] = [GAMES.cardDuel, GAMES.triviaParty];
