import { NativeSelect } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { ME_KEY } from '../../lib/session.js';

/** Shown to people who belong to more than one clinic. */
export function ClinicSwitcher({ me }: { me: Me }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const switchClinic = useMutation({
    mutationFn: api.switchClinic,
    onSuccess: (fresh) => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'setup' });
      client.setQueryData(ME_KEY, fresh);
    },
  });
  return (
    <NativeSelect
      label={t('home.switcher')}
      description={t('home.switchHint')}
      value={me.clinic?.clinicId ?? ''}
      onChange={(e) => switchClinic.mutate(e.currentTarget.value)}
      disabled={switchClinic.isPending}
      error={switchClinic.isError ? errorText(switchClinic.error) : undefined}
      data={me.memberships.map((m) => ({ value: m.clinicId, label: `${m.clinicName} — ${t(`roles.${m.role}`)}` }))}
      maw={480}
    />
  );
}
