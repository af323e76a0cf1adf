import { describe, expect, it } from 'vitest';
import { autoCandidates, describeAutoChoice, pickBackend, usableBackends, webglKind, type BackendSupport } from './pickBackend';

describe('pickBackend', () => {
  it.each([
    [{ wasm: 27, webgl: 54, cpu: 233 }, 'wasm'],
    [{ wasm: 27, webgl: 24, cpu: 233 }, 'wasm'], // 11 % faster is within the noise
    [{ wasm: 27, webgl: 20, cpu: 233 }, 'webgl'], // 26 % faster wins
    [{ webgl: 54, cpu: 233 }, 'webgl'], // wasm unavailable
    [{ cpu: 233 }, 'cpu'],
    [{}, 'cpu'],
  ] as const)('should pick from %o → %s', (timings, expected) => {
    expect(pickBackend(timings, ['wasm', 'webgl', 'cpu'])).toBe(expected);
  });
});

describe('webglKind', () => {
  it.each([
    [null, 'none'],
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'software'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'software'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)', 'software'],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'hardware'],
    ['Apple M2', 'hardware'],
    ['WebKit WebGL', 'hardware'], // a masked renderer: assume a GPU, as before
  ] as const)('should read %s as %s', (renderer, expected) => {
    expect(webglKind(renderer)).toBe(expected);
  });
});

describe('usableBackends', () => {
  const ALL = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
  it.each<[string, BackendSupport, string[]]>([
    ['a GPU with WebGPU', { webgpu: true, webgl: 'hardware' }, ['webgpu', 'webgl', 'wasm', 'cpu']],
    ['a GPU without navigator.gpu', { webgpu: false, webgl: 'hardware' }, ['webgl', 'wasm', 'cpu']],
    // Headless Chromium here: navigator.gpu exists, WebGL is SwiftShader, and no adapter comes.
    ['navigator.gpu but software WebGL', { webgpu: true, webgl: 'software' }, ['webgl', 'wasm', 'cpu']],
    ['no WebGL context at all', { webgpu: true, webgl: 'none' }, ['wasm', 'cpu']],
    ['nothing', { webgpu: false, webgl: 'none' }, ['wasm', 'cpu']],
  ])('should keep only what %s can run', (_, support, expected) => {
    expect(usableBackends(ALL, support)).toEqual(expected);
  });

  it('should try wasm first on auto, then the GPU backends this browser has', () => {
    expect(autoCandidates({ webgpu: true, webgl: 'hardware' })).toEqual(['wasm', 'webgpu', 'webgl']);
    expect(autoCandidates({ webgpu: false, webgl: 'hardware' })).toEqual(['wasm', 'webgl']);
  });

  it.each<[string, BackendSupport]>([
    // Headless Chromium here: SwiftShader trained the text MLP ~25× slower than wasm, yet came within 7 % on the trial.
    ['WebGL drawn in software', { webgpu: true, webgl: 'software' }],
    ['no WebGL at all', { webgpu: false, webgl: 'none' }],
  ])('should time only wasm on auto with %s (cpu stays the fallback)', (_, support) => {
    expect(autoCandidates(support)).toEqual(['wasm']);
    expect(pickBackend({}, autoCandidates(support))).toBe('cpu');
  });
});

describe('describeAutoChoice', () => {
  it('should list every timed trial', () => {
    expect(describeAutoChoice('wasm', { wasm: 17.26, webgl: 24.9 })).toBe('auto (wasm=17.3ms, webgl=24.9ms)');
  });

  it('should say when the choice was not timed (a lone candidate)', () => {
    expect(describeAutoChoice('wasm', {})).toBe('auto (wasm, untimed: no other backend worth timing here)');
  });
});
