import { ErrorCode } from '@lmctfy/core';
import { parseDeviceLine, resolveBlockDevice, splitRdev } from '../src/block-devices';

describe('block devices', () => {
  it('decodes dev_t like glibc major()/minor(), including the high bits', () => {
    expect(splitRdev(0x0700)).toEqual({ major: 7, minor: 0 });
    expect(splitRdev(0x0813)).toEqual({ major: 8, minor: 19 });
    // major 259 (blkext), minor 300: minor's high bits sit above bit 20.
    expect(splitRdev(0x11032c)).toEqual({ major: 259, minor: 300 });
  });

  it('takes MAJ:MIN as is and refuses what is not a block device', () => {
    expect(resolveBlockDevice('8:16', 'f')).toEqual({ major: 8, minor: 16 });
    expect(() => resolveBlockDevice('/dev/null', 'blkio.devices[0].device')).toThrow(/\/dev\/null is not a block device/);
    expect(() => resolveBlockDevice('/dev/lmctfy-no-such-disk', 'f')).toThrow(expect.objectContaining({ code: ErrorCode.NotFound }));
  });

  it('splits "MAJ:MIN rest" lines and skips totals', () => {
    expect(parseDeviceLine('7:0 Read 4096')).toEqual({ device: { major: 7, minor: 0 }, rest: ['Read', '4096'] });
    expect(parseDeviceLine('Total 0')).toBeUndefined();
  });
});
