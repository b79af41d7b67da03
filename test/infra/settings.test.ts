// Deployment settings from CDK context: cdk.json values, `-c name=value` text, and refusals.
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { defaultReadLimits } from '../../functions/domain/formats/limits.ts';
import { InvalidSettingError, settingsFrom } from '../../infra/settings.ts';

const settings = (context: Record<string, unknown>) => settingsFrom(new App({ context }).node);

describe('settingsFrom', () => {
  it('keeps data, has no e-mail subscriber and takes the upload limit from the core by default', () => {
    expect(settings({})).toEqual({
      destroyData: false,
      bytesScannedCutoffMb: 1024,
      glueDatabase: 'carescore',
      uploadMaxMb: defaultReadLimits.maxBytes / (1024 * 1024),
    });
  });

  it('reads command-line text the same as cdk.json values', () => {
    const fromText = settings({
      destroyData: 'true',
      alertEmail: 'commissioning@example.gov.uk',
      bytesScannedCutoffMb: '200',
      glueDatabase: 'carescore_test',
      uploadMaxMb: '25',
    });
    const fromJson = settings({
      destroyData: true,
      alertEmail: 'commissioning@example.gov.uk',
      bytesScannedCutoffMb: 200,
      glueDatabase: 'carescore_test',
      uploadMaxMb: 25,
    });
    expect(fromText).toEqual(fromJson);
    expect(fromText).toMatchObject({ destroyData: true, bytesScannedCutoffMb: 200, uploadMaxMb: 25 });
  });

  it('reads the managed login domain prefix and an extra callback URL, and refuses bad ones', () => {
    expect(
      settings({ authDomainPrefix: 'northshire-care', extraCallbackUrl: 'http://localhost:5173/' }),
    ).toMatchObject({ authDomainPrefix: 'northshire-care', extraCallbackUrl: 'http://localhost:5173/' });
    for (const authDomainPrefix of ['Northshire', 'my-cognito-login', '-x', 'a_b'])
      expect(() => settings({ authDomainPrefix })).toThrow(InvalidSettingError);
    for (const extraCallbackUrl of [
      'http://example.com/',
      'https://',
      'localhost:5173',
      'javascript:alert(1)',
    ])
      expect(() => settings({ extraCallbackUrl })).toThrow(InvalidSettingError);
  });

  it('reads the SES sender for Cognito e-mail, with its region', () => {
    expect(settings({ sesFromEmail: 'no-reply@council.example', sesRegion: 'eu-west-2' })).toMatchObject({
      sesFromEmail: 'no-reply@council.example',
      sesRegion: 'eu-west-2',
    });
    expect(() => settings({ sesFromEmail: 'no-reply@council.example', sesRegion: 'London' })).toThrow(
      InvalidSettingError,
    );
  });

  it.each([
    ['destroyData', 'yes'],
    ['alertEmail', 'not-an-address'],
    ['bytesScannedCutoffMb', '5'], // below Athena's 10 MB minimum
    ['bytesScannedCutoffMb', '1.5'],
    ['glueDatabase', 'CareScore'],
    ['uploadMaxMb', '0'],
    ['sesFromEmail', 'no-reply'],
    ['sesFromEmail', 'no-reply@council.example'], // without sesRegion
    ['sesRegion', 'eu-west-2'], // without sesFromEmail
  ])('refuses %s=%s', (name, value) => {
    expect(() => settings({ [name]: value })).toThrow(InvalidSettingError);
  });
});
