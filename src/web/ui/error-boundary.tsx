import { Alert, Button, Container, Stack, Text } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Crashed() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl" component="main">
      <Alert color="red" variant="light" title={t('errors.crashTitle')} role="alert">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('errors.crashBody')}</Text>
          <Button variant="default" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </Button>
        </Stack>
      </Alert>
    </Container>
  );
}

/** Last resort: a kind message instead of a blank page if a screen fails to render. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: unknown) {
    console.error(error);
  }

  render() {
    return this.state.failed ? <Crashed /> : this.props.children;
  }
}
