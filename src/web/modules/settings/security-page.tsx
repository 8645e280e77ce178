import { useTranslation } from 'react-i18next';
import { useSignedInMe } from '../../lib/session.js';
import { Page } from '../../ui/page.js';
import { Section } from '../../ui/section.js';
import { ClinicSecurity } from './clinic-security.js';
import { TotpSection } from './totp-section.js';

export default function SecurityPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const owner = me.clinic?.role === 'owner' && !me.mustEnrolTotp;
  return (
    <Page title={t('security.title')}>
      <Section title={t('security.totpTitle')}>
        <TotpSection />
      </Section>
      {owner && <ClinicSecurity />}
    </Page>
  );
}
