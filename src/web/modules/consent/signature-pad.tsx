import { Box, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const WIDTH = 400;
const HEIGHT = 150;

/**
 * A signature drawn with a finger, pen or mouse (pointer events), exported as a small PNG data URL.
 * `onChange(null)` when cleared. People who cannot sign on screen are pointed to verbal consent.
 */
export function SignaturePad({ label, onChange, error }: { label: string; onChange: (png: string | null) => void; error?: string }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const hintId = useId();
  const errorId = useId();

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
  }, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * WIDTH) / rect.width, y: ((e.clientY - rect.top) * HEIGHT) / rect.height };
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const { x, y } = point(e);
    ctx.strokeStyle = '#1a1b1e';
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(x, y);
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    const { x, y } = point(e);
    ctx.lineTo(x, y);
    ctx.stroke();
  };
  const up = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current = false;
    onChange(e.currentTarget.toDataURL('image/png'));
  };
  const clear = () => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    onChange(null);
  };

  return (
    <Stack gap={6}>
      <Text fw={500} id={`${hintId}-label`}>
        {label}
      </Text>
      <Text size="sm" id={hintId}>
        {t('consent.signatureHint')}
      </Text>
      <Box
        style={{
          border: `2px solid ${error ? 'var(--mantine-color-error)' : 'var(--mantine-color-gray-6)'}`,
          borderRadius: 'var(--mantine-radius-md)',
          width: '100%',
          maxWidth: WIDTH + 4,
          background: 'white',
        }}
      >
        <canvas
          ref={canvas}
          width={WIDTH}
          height={HEIGHT}
          role="img"
          aria-labelledby={`${hintId}-label`}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
          style={{
            display: 'block',
            width: '100%',
            height: 'auto',
            touchAction: 'none',
            cursor: 'crosshair',
            borderRadius: 'var(--mantine-radius-md)',
          }}
        />
      </Box>
      {error && (
        <Text size="sm" c="var(--mantine-color-error)" id={errorId}>
          {error}
        </Text>
      )}
      <Group>
        <Button variant="default" size="sm" onClick={clear}>
          {t('consent.clearSignature')}
        </Button>
      </Group>
    </Stack>
  );
}
